/// How kube-scheduler classes resource names: cpu, memory and ephemeral-storage are checked by
/// name; "scalar" resources (extended resources such as `example.com/gpu`, `hugepages-*`,
/// `attachable-volumes-*` and other `kubernetes.io/` prefixed native resources) are counted by
/// amount; any other bare name is not a resource the scheduler accounts for.
enum ResourceKinds {
    /// Whether the scheduler counts `name` as a scalar resource.
    static func isScalar(_ name: String) -> Bool {
        isExtended(name) || name.hasPrefix("hugepages-") || name.hasPrefix("attachable-volumes-")
            || name.contains("kubernetes.io/")
    }

    /// Whether `name` is an extended resource: a prefixed name outside `kubernetes.io/`.
    static func isExtended(_ name: String) -> Bool {
        name.contains("/") && !name.contains("kubernetes.io/") && !name.hasPrefix("requests.")
    }
}
