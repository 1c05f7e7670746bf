/// What makes a fake runtime imitate one real CRI runtime rather than another: names,
/// versions, and the strategies below (object naming, image naming, log format, sandbox
/// style, error wording, extra config keys). The engine asks the flavor and never tests which
/// flavor it runs, so another fake runtime only needs its own flavor value. The defaults are
/// containerd's.
struct RuntimeFlavor: Sendable {
    /// The plugin's name (`containerd-like`), used in messages.
    var pluginName = "containerd-like"
    /// The descriptor's one-line description.
    var summary = "A fake CRI runtime that behaves like containerd: sandboxes, containers and images with CRI's state machines"
    /// `VersionResponse.runtimeName`.
    var runtimeName = "containerd"
    /// `VersionResponse.runtimeVersion` (semver).
    var runtimeVersion = "1.7.24-keelson"
    /// `VersionResponse.runtimeApiVersion`.
    var runtimeApiVersion = "v1"
    /// `VersionResponse.version`: the kubelet runtime API version.
    var kubeletApiVersion = "0.1.0"
    /// The runtime handlers (RuntimeClass handlers) it accepts besides "" (the default one,
    /// which is the first of them).
    var runtimeHandlers = ["runc"]
    /// Where images live, as ImageFsInfo reports (and where container layers live).
    var imageFsMountpoint = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"
    /// How sandboxes and containers get their unique names.
    var naming = ObjectNaming.containerd
    /// How image references resolve and how images are shown.
    var images = ImageNaming.dockerHubDefault(display: .fullyQualified, imageRef: .repoDigest)
    /// The format of container log files.
    var logFormat = ContainerLogFormat.cri
    /// Whether sandboxes run a pause container.
    var sandboxes = SandboxStyle.pauseContainer
    /// How the runtime words its errors.
    var dialect = RuntimeDialect.containerd
    /// The flavor-specific config keys this plugin accepts (on top of the shared ones).
    var extraConfigKeys: Set<RuntimeConfig.ExtraKey> = []

    /// The unique name reserved for a sandbox.
    func sandboxName(_ m: PodSandboxMetadata) -> String {
        naming.sandboxName(m)
    }

    /// The unique name reserved for a container in a sandbox.
    func containerName(_ c: ContainerMetadata, in s: PodSandboxMetadata) -> String {
        naming.containerName(c, in: s)
    }

    /// The `reason` of an exited container.
    func exitReason(code: Int32, oomKilled: Bool) -> String {
        ContainerExit.reason(code: code, oomKilled: oomKilled)
    }

    /// The handler a sandbox records for `handler` ("" is the default one), nil when it is not configured.
    func resolveHandler(_ handler: String) -> String? {
        if handler.isEmpty { return "" }
        return runtimeHandlers.contains(handler) ? handler : nil
    }
}

/// The `reason` CRI runtimes give an exited container: `OOMKilled` when the kernel's OOM killer
/// ended it, `Completed` for exit 0, `Error` otherwise (the same for containerd, Docker and CRI-O).
enum ContainerExit {
    /// The reason for an exit with `code`.
    static func reason(code: Int32, oomKilled: Bool) -> String {
        if oomKilled { return "OOMKilled" }
        return code == 0 ? "Completed" : "Error"
    }
}

/// A type that names the flavor of one fake runtime plugin (the generic parameter of `FakeRuntime`).
protocol FlavorProvider {
    /// The flavor every instance of the plugin uses.
    static var flavor: RuntimeFlavor { get }
}
