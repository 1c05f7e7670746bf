/// Resource amounts by resource name: cpu in millicores, everything else in whole units
/// (memory and ephemeral-storage in bytes, extended resources in counts).
typealias ResourceAmounts = [String: Int64]

/// Resource names the scheduler treats specially.
enum ResourceName {
    static let cpu = "cpu"
    static let memory = "memory"
    static let pods = "pods"
    static let ephemeralStorage = "ephemeral-storage"
}

/// kube-scheduler's stand-ins for a container that requests no cpu or memory, used when scoring
/// so that pods without requests still spread: 100 millicores and 200 MiB.
enum NonZeroDefaults {
    static let milliCPU: Int64 = 100
    static let memory: Int64 = 200 * 1024 * 1024
}

extension Dictionary where Key == String, Value == Int64 {
    /// Builds amounts from a Kubernetes ResourceList (cpu as millicores, the rest as whole units).
    init(quantities: [String: Quantity]?) {
        self.init()
        for (name, quantity) in quantities ?? [:] {
            self[name] = name == ResourceName.cpu ? quantity.milliValue : quantity.value
        }
    }

    /// Adds `other` to these amounts.
    mutating func add(_ other: ResourceAmounts) {
        for (name, amount) in other { self[name, default: 0] += amount }
    }

    /// Subtracts `other` from these amounts, dropping entries that reach zero.
    mutating func subtract(_ other: ResourceAmounts) {
        for (name, amount) in other {
            let left = self[name, default: 0] - amount
            self[name] = left == 0 ? nil : left
        }
    }

    /// Raises each amount to at least the one in `other`.
    mutating func raise(to other: ResourceAmounts) {
        for (name, amount) in other where amount > self[name, default: 0] { self[name] = amount }
    }
}

/// What a pod asks of a node.
struct PodRequests: Equatable {
    /// The effective requests (containers, init containers and sidecars, overhead).
    var requests: ResourceAmounts
    /// The effective cpu request with a container's missing cpu request counted as 100m.
    var nonZeroMilliCPU: Int64
    /// The effective memory request with a container's missing memory request counted as 200Mi.
    var nonZeroMemory: Int64

    init(requests: ResourceAmounts, nonZeroMilliCPU: Int64, nonZeroMemory: Int64) {
        self.requests = requests
        self.nonZeroMilliCPU = nonZeroMilliCPU
        self.nonZeroMemory = nonZeroMemory
    }

    /// The requests of `pod`, computed as Kubernetes does: the sum over regular containers and
    /// restartable init containers (sidecars), raised to the peak of any one init container
    /// running next to the sidecars started before it, plus the pod's overhead.
    init(of pod: Pod) {
        let spec = pod.spec
        let containers = spec?.containers ?? []
        let initContainers = spec?.initContainers ?? []
        let overhead = ResourceAmounts(quantities: spec?.overhead)
        requests = Self.effective(containers, initContainers, overhead) { ResourceAmounts(quantities: $0.resources?.requests) }
        let nonZero = Self.effective(containers, initContainers, overhead) { container in
            let declared = container.resources?.requests ?? [:]
            let cpu = declared[ResourceName.cpu]?.milliValue ?? NonZeroDefaults.milliCPU
            let memory = declared[ResourceName.memory]?.value ?? NonZeroDefaults.memory
            return [ResourceName.cpu: cpu, ResourceName.memory: memory]
        }
        nonZeroMilliCPU = nonZero[ResourceName.cpu, default: 0]
        nonZeroMemory = nonZero[ResourceName.memory, default: 0]
    }

    private static func effective(
        _ containers: [Container], _ initContainers: [Container], _ overhead: ResourceAmounts,
        _ perContainer: (Container) -> ResourceAmounts
    ) -> ResourceAmounts {
        var total = ResourceAmounts()
        for container in containers { total.add(perContainer(container)) }
        var sidecars = ResourceAmounts()
        var initPeak = ResourceAmounts()
        for container in initContainers {
            let own = perContainer(container)
            if container.restartPolicy == "Always" {
                total.add(own)
                sidecars.add(own)
                initPeak.raise(to: sidecars)
            } else {
                var during = sidecars
                during.add(own)
                initPeak.raise(to: during)
            }
        }
        total.raise(to: initPeak)
        total.add(overhead)
        return total
    }
}
