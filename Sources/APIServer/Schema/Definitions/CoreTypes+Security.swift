/// Security settings of pods and containers.
extension CoreTypes {
    /// PodSecurityContext, SecurityContext and the option types they share.
    static let securityTypes: [TypeDefinition] = [
        TypeDefinition(prefix + "PodSecurityContext", description: "Security settings for a whole pod; a container's own settings take precedence.", fields: [
            .init("seLinuxOptions", .ref(prefix + "SELinuxOptions"), proto: 1, "The SELinux context for all containers."),
            .init("windowsOptions", .ref(prefix + "WindowsSecurityContextOptions"), proto: 8, "Windows settings for all containers."),
            .init("runAsUser", .integer(bits: 64), proto: 2, "The user ID the containers run as.", pointer: true),
            .init("runAsGroup", .integer(bits: 64), proto: 6, "The group ID the containers run as.", pointer: true),
            .init("runAsNonRoot", .boolean, proto: 3, "Refuse to start containers that would run as root.", pointer: true),
            .init("supplementalGroups", .array(.integer(bits: 64)), proto: 4, "Extra group IDs for the containers' first process.", listType: .atomic),
            .init("supplementalGroupsPolicy", .string, proto: 12, "How supplemental groups are worked out: Merge or Strict.", pointer: true),
            .init("fsGroup", .integer(bits: 64), proto: 5, "A group that owns the pod's volumes.", pointer: true),
            .init("sysctls", .array(.ref(prefix + "Sysctl")), proto: 7, "Namespaced kernel parameters for the pod.", listType: .atomic),
            .init("fsGroupChangePolicy", .string, proto: 9, "When volume ownership is changed: OnRootMismatch or Always.", pointer: true),
            .init("seccompProfile", .ref(prefix + "SeccompProfile"), proto: 10, "The seccomp profile for all containers."),
            .init("appArmorProfile", .ref(prefix + "AppArmorProfile"), proto: 11, "The AppArmor profile for all containers."),
            .init("seLinuxChangePolicy", .string, proto: 13, "How SELinux labels reach the volumes: MountOption or Recursive.", pointer: true),
        ]),
        TypeDefinition(prefix + "SecurityContext", description: "Security settings for one container; they override the pod's.", fields: [
            .init("capabilities", .ref(prefix + "Capabilities"), proto: 1, "Linux capabilities to add and drop."),
            .init("privileged", .boolean, proto: 2, "Run with the node's full privileges.", pointer: true),
            .init("seLinuxOptions", .ref(prefix + "SELinuxOptions"), proto: 3, "The SELinux context."),
            .init("windowsOptions", .ref(prefix + "WindowsSecurityContextOptions"), proto: 10, "Windows settings."),
            .init("runAsUser", .integer(bits: 64), proto: 4, "The user ID the process runs as.", pointer: true),
            .init("runAsGroup", .integer(bits: 64), proto: 8, "The group ID the process runs as.", pointer: true),
            .init("runAsNonRoot", .boolean, proto: 5, "Refuse to start the container if it would run as root.", pointer: true),
            .init("readOnlyRootFilesystem", .boolean, proto: 6, "Mount the container's root filesystem read-only.", pointer: true),
            .init("allowPrivilegeEscalation", .boolean, proto: 7, "Whether a process may gain more privileges than its parent.", pointer: true),
            .init("procMount", .string, proto: 9, "How /proc is mounted: Default or Unmasked.", pointer: true),
            .init("seccompProfile", .ref(prefix + "SeccompProfile"), proto: 11, "The seccomp profile."),
            .init("appArmorProfile", .ref(prefix + "AppArmorProfile"), proto: 12, "The AppArmor profile."),
            .init("ulimits", .array(.ref(prefix + "Ulimit")), proto: 13, "Resource limits for the container's processes.", listType: .map(keys: ["name"])),
        ]),
        TypeDefinition(prefix + "Capabilities", description: "Linux capabilities to add to and drop from a container.", fields: [
            .init("add", .array(.string), proto: 1, "Capabilities to add.", listType: .atomic),
            .init("drop", .array(.string), proto: 2, "Capabilities to drop.", listType: .atomic),
        ]),
        TypeDefinition(prefix + "SELinuxOptions", description: "SELinux labels for a container.", fields: [
            .init("user", .string, proto: 1, "The SELinux user."),
            .init("role", .string, proto: 2, "The SELinux role."),
            .init("type", .string, proto: 3, "The SELinux type."),
            .init("level", .string, proto: 4, "The SELinux level."),
        ]),
        TypeDefinition(prefix + "SeccompProfile", description: "Which seccomp profile applies.", fields: [
            .init("type", .string, proto: 1, "Localhost, RuntimeDefault or Unconfined.", required: true),
            .init("localhostProfile", .string, proto: 2, "The profile file on the node, for Localhost.", pointer: true),
        ]),
        TypeDefinition(prefix + "AppArmorProfile", description: "Which AppArmor profile applies.", fields: [
            .init("type", .string, proto: 1, "Localhost, RuntimeDefault or Unconfined.", required: true),
            .init("localhostProfile", .string, proto: 2, "The profile loaded on the node, for Localhost.", pointer: true),
        ]),
        TypeDefinition(prefix + "WindowsSecurityContextOptions", description: "Windows-specific security settings.", fields: [
            .init("gmsaCredentialSpecName", .string, proto: 1, "The GMSA credential spec resource to use.", pointer: true),
            .init("gmsaCredentialSpec", .string, proto: 2, "The GMSA credential spec content.", pointer: true),
            .init("runAsUserName", .string, proto: 3, "The Windows user name the process runs as.", pointer: true),
            .init("hostProcess", .boolean, proto: 4, "Run as a host process container.", pointer: true),
        ]),
        TypeDefinition(prefix + "Sysctl", description: "A kernel parameter and its value.", fields: [
            .init("name", .string, proto: 1, "The parameter's name.", required: true),
            .init("value", .string, proto: 2, "The parameter's value.", required: true),
        ]),
        TypeDefinition(prefix + "Ulimit", description: "A resource limit of a container's processes.", fields: [
            .init("name", .string, proto: 1, "The limit's name, such as nofile.", required: true),
            .init("hard", .integer(bits: 64), proto: 2, "The hard limit.", required: true),
            .init("soft", .integer(bits: 64), proto: 3, "The soft limit.", required: true),
        ]),
    ]
}
