import Kernel

/// A pod's QoS class by Kubernetes' rules: BestEffort without any request or limit,
/// Guaranteed when every container limits cpu and memory with requests equal to the limits,
/// Burstable otherwise.
enum QualityOfService {
    static func classify(_ pod: PodView) -> String {
        let containers = pod.initContainers + pod.containers
        var any = false
        var guaranteed = true
        for container in containers {
            let requests = (container.json[path: "resources", "requests"]?.objectValue ?? [:]).compactMapValues { quantity($0) }
            let limits = (container.json[path: "resources", "limits"]?.objectValue ?? [:]).compactMapValues { quantity($0) }
            if !requests.isEmpty || !limits.isEmpty { any = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !any { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    private static func quantity(_ value: JSONValue) -> String? {
        value.stringValue ?? value.intValue.map { String($0) } ?? value.doubleValue.map { String($0) }
    }
}
