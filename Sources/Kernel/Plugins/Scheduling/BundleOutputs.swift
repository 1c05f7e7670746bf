/// Decoders for what a `keelson_scheduler_v2` hook writes to its sinks, in the header's shapes.
/// Each returns nil (or throws a one-line description) for output of another shape, so a
/// malformed answer becomes a framework Error instead of a crash.
enum BundleOutputs {
    /// A reasons sink: a JSON array of strings (["Insufficient cpu"]).
    static func reasons(_ value: JSONValue) -> [String]? {
        guard let items = value.arrayValue else { return nil }
        var reasons: [String] = []
        reasons.reserveCapacity(items.count)
        for item in items {
            guard let text = item.stringValue else { return nil }
            reasons.append(text)
        }
        return reasons
    }

    /// Filter's reason lists: a JSON array of string arrays ([["Insufficient cpu"],[".."]]).
    static func reasonLists(_ value: JSONValue) -> [[String]]? {
        guard let items = value.arrayValue else { return nil }
        var lists: [[String]] = []
        lists.reserveCapacity(items.count)
        for item in items {
            guard let list = reasons(item) else { return nil }
            lists.append(list)
        }
        return lists
    }

    /// PreFilter's node list: a JSON array of node indices (0...UInt32.max).
    static func nodeIndices(_ value: JSONValue) -> [UInt32]? {
        guard let items = value.arrayValue else { return nil }
        var nodes: [UInt32] = []
        nodes.reserveCapacity(items.count)
        for item in items {
            guard let number = item.intValue, let index = UInt32(exactly: number) else { return nil }
            nodes.append(index)
        }
        return nodes
    }

    /// Permit's and Unreserve's verdicts: [{"uid":"..","allow":true}] or
    /// [{"uid":"..","allow":false,"message":".."}].
    static func verdicts(_ value: JSONValue) -> [PermitVerdict]? {
        guard let items = value.arrayValue else { return nil }
        var verdicts: [PermitVerdict] = []
        for item in items {
            guard let uid = item["uid"]?.stringValue, !uid.isEmpty, let allow = item["allow"]?.boolValue else { return nil }
            let message = item["message"]?.stringValue
            if item["message"] != nil, item["message"] != .null, message == nil { return nil }
            verdicts.append(PermitVerdict(uid: uid, allow: allow, message: message))
        }
        return verdicts
    }

    /// PostFilter's result: {"nominatedNodeIndex":N,"victims":[{"namespace":"..","name":"..","uid":".."}]}.
    static func postFilterResult(_ value: JSONValue) -> PostFilterResult? {
        guard let number = value["nominatedNodeIndex"]?.intValue, let node = UInt32(exactly: number) else { return nil }
        var victims: [PostFilterResult.Victim] = []
        if let list = value["victims"], list != .null {
            guard let items = list.arrayValue else { return nil }
            for item in items {
                guard let namespace = item["namespace"]?.stringValue, let name = item["name"]?.stringValue,
                    let uid = item["uid"]?.stringValue, !name.isEmpty
                else { return nil }
                victims.append(PostFilterResult.Victim(namespace: namespace, name: name, uid: uid))
            }
        }
        return PostFilterResult(nominatedNodeIndex: node, victims: victims)
    }
}
