import Kernel

/// Kubernetes' cap on the size of a core/v1 Endpoints object: at most 1,000 addresses, the rest
/// dropped and the object annotated `endpoints.kubernetes.io/over-capacity: truncated`
/// (EndpointSlices carry every endpoint; Endpoints stay small for old readers).
public enum EndpointsCapacity {
    /// The most addresses (ready and not ready) one Endpoints object keeps.
    public static let maxAddresses = 1_000
    /// The annotation set on an Endpoints object whose addresses were cut.
    public static let overCapacityAnnotation = "endpoints.kubernetes.io/over-capacity"
    /// The annotation's value.
    public static let truncated = "truncated"

    /// Cuts `subsets` down to `maxAddresses` as Kubernetes' endpoints controller does and says
    /// whether anything was cut. Ready addresses come first: while they fit, every one is kept
    /// and the remaining room goes to not-ready addresses; when they alone are too many, every
    /// not-ready address goes. Each subset gets a share of the room proportional to its size
    /// (rounded up, never past what is left); subsets left empty are dropped.
    public static func truncate(_ subsets: inout [JSONValue], limit: Int = maxAddresses) -> Bool {
        func count(_ subset: JSONValue, _ key: String) -> Int { subset[key]?.arrayValue?.count ?? 0 }
        let ready = subsets.reduce(0) { $0 + count($1, "addresses") }
        let notReady = subsets.reduce(0) { $0 + count($1, "notReadyAddresses") }
        guard ready + notReady > limit else { return false }
        let cutReady = ready > limit
        let room = cutReady ? limit : limit - ready
        let total = cutReady ? ready : notReady
        let key = cutReady ? "addresses" : "notReadyAddresses"
        var left = room
        for index in subsets.indices {
            let size = count(subsets[index], key)
            let share = min(Int((Double(size) / Double(total) * Double(room)).rounded(.up)), left)
            let kept = Array((subsets[index][key]?.arrayValue ?? []).prefix(share))
            subsets[index][key] = kept.isEmpty ? nil : .array(kept)
            if cutReady { subsets[index]["notReadyAddresses"] = nil }
            left -= kept.count
        }
        subsets.removeAll { $0["addresses"] == nil && $0["notReadyAddresses"] == nil }
        return true
    }
}
