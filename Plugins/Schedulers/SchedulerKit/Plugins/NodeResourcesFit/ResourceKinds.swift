/// How kube-scheduler classes resource names: cpu, memory and ephemeral-storage are checked by
/// name; "scalar" resources (extended resources such as `example.com/gpu`, `hugepages-*`,
/// `attachable-volumes-*` and other `kubernetes.io/` prefixed native resources) are counted by
/// amount; any other bare name is not a resource the scheduler accounts for.
enum ResourceKinds {
    /// Whether the scheduler counts `name` as a scalar resource.
    static func isScalar(_ name: String) -> Bool {
        // Asked for every resource of every pod and node: bare names (cpu, memory, pods) are
        // answered by a byte scan and two prefix checks.
        guard hasSlash(name) else { return name.hasPrefix("hugepages-") || name.hasPrefix("attachable-volumes-") }
        return isExtended(name) || inKubernetesIO(name)
    }

    /// Whether `name` is an extended resource: a prefixed name outside `kubernetes.io/`.
    static func isExtended(_ name: String) -> Bool {
        hasSlash(name) && !inKubernetesIO(name) && !name.hasPrefix("requests.")
    }

    private static func hasSlash(_ name: String) -> Bool { name.utf8.contains(UInt8(ascii: "/")) }

    /// Whether `name` contains "kubernetes.io/" (compared as bytes, without Foundation's search).
    private static func inKubernetesIO(_ name: String) -> Bool {
        name.utf8.firstRange(of: "kubernetes.io/".utf8) != nil
    }
}
