import Kernel

/// `valueFrom.resourceFieldRef` as the kubelet resolves it: the container's request or limit
/// (limits of cpu, memory and ephemeral-storage default to the node's allocatable when unset)
/// divided by `divisor` and rounded up, as a whole number.
enum ResourceFieldValue {
    /// The value, or an error message for an unsupported resource.
    static func resolve(_ reference: JSONValue, container: JSONValue, allocatable: [String: String]) -> Result<String, ContainerConfigError> {
        let resource = reference["resource"]?.stringValue ?? ""
        let divisorText = reference["divisor"]?.stringValue ?? "1"
        let parts = resource.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0] == "limits" || parts[0] == "requests",
              ["cpu", "memory", "ephemeral-storage"].contains(parts[1]) || parts[1].hasPrefix("hugepages-") else {
            return .failure(ContainerConfigError(message: "unsupported container resource : \(resource)"))
        }
        let (kind, name) = (parts[0], parts[1])
        let limits = container[path: "resources", "limits"]
        var quantity = container[path: "resources", kind, name]?.stringValue
        if quantity == nil, kind == "requests" {
            // The API server defaults a missing request to the limit.
            quantity = limits?[name]?.stringValue
        }
        if quantity == nil, kind == "limits", ["cpu", "memory", "ephemeral-storage"].contains(name) {
            quantity = allocatable[name]
        }
        let amount = ResourceQuantity.value(quantity ?? "0")
        let divisor = ResourceQuantity.value(divisorText)
        if name == "cpu" {
            let milli = roundUp(amount * 1000)
            let divisorMilli = max(1, roundUp(divisor * 1000))
            return .success(String(roundUp(Double(milli) / Double(divisorMilli))))
        }
        let units = roundUp(amount)
        let divisorUnits = max(1, roundUp(divisor))
        return .success(String(roundUp(Double(units) / Double(divisorUnits))))
    }

    /// The ceiling, tolerating the last bits of floating-point error ("1.1" * 1000).
    private static func roundUp(_ value: Double) -> Int64 {
        Int64((value - 1e-9).rounded(.up))
    }
}
