/// How strategic merge patch treats the lists of the kinds Keelson serves: the
/// `patchStrategy`/`patchMergeKey` tags of Kubernetes' API types, for the fields that
/// `kubectl apply` touches. A list not listed here is atomic (the patch replaces it), which is
/// also what Kubernetes does for lists without a patch strategy (tolerations, envFrom, args,
/// command, taints, readinessGates, selectors' matchExpressions, ...).
enum StrategicMergeKeys {
    /// How one list merges.
    enum Rule: Equatable {
        /// A list of objects merged element by element on the value of this key.
        case mergeKey(String)
        /// A list of primitives merged as a set union (`ObjectMeta.finalizers`).
        case primitiveSet
    }

    /// The rules, each for the field names ending a path (list elements add no segment), most
    /// specific suffix first.
    static let table: [(suffix: [String], rule: Rule)] = [
        // Container ports merge on containerPort; Service ports on port.
        (["containers", "ports"], .mergeKey("containerPort")),
        (["initContainers", "ports"], .mergeKey("containerPort")),
        (["ephemeralContainers", "ports"], .mergeKey("containerPort")),
        (["spec", "ports"], .mergeKey("port")),
        // PodSpec.
        (["containers"], .mergeKey("name")),
        (["initContainers"], .mergeKey("name")),
        (["ephemeralContainers"], .mergeKey("name")),
        (["volumes"], .mergeKey("name")),
        (["imagePullSecrets"], .mergeKey("name")),
        (["hostAliases"], .mergeKey("ip")),
        (["topologySpreadConstraints"], .mergeKey("topologyKey")),
        (["spec", "resourceClaims"], .mergeKey("name")),
        // Container.
        (["env"], .mergeKey("name")),
        (["volumeMounts"], .mergeKey("mountPath")),
        (["volumeDevices"], .mergeKey("devicePath")),
        // ObjectMeta.
        (["metadata", "finalizers"], .primitiveSet),
        (["metadata", "ownerReferences"], .mergeKey("uid")),
        // Status: every `conditions` list of the served kinds, node addresses, pod IPs.
        (["conditions"], .mergeKey("type")),
        (["status", "addresses"], .mergeKey("type")),
        (["status", "podIPs"], .mergeKey("ip")),
        (["status", "hostIPs"], .mergeKey("ip")),
    ]

    /// The rule for the list at `path` (object field names from the root), nil when atomic.
    static func rule(for path: [String]) -> Rule? {
        table.first { path.ends(with: $0.suffix) }?.rule
    }
}

extension Array where Element: Equatable {
    /// Whether the array's last elements are `suffix` (compared in place, no copy).
    func ends(with suffix: [Element]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
