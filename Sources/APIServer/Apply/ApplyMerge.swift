import Kernel

/// Merges an applied configuration into the live object: maps merge member by member, keyed
/// lists item by item on their key, sets as a union, atomic lists and leaves are replaced
/// (see `FieldSchema`).
enum ApplyMerge {
    /// `live` with `config` merged in.
    static func merge(_ live: JSONValue, _ config: JSONValue) -> JSONValue {
        merge(live, config, schemaPath: [])
    }

    private static func merge(_ live: JSONValue, _ config: JSONValue, schemaPath: [String]) -> JSONValue {
        switch (live, config, FieldSchema.relationship(at: schemaPath, of: config)) {
        case (.object(var result), .object(let members), .granularMap):
            for (name, value) in members {
                if value == .null {
                    result[name] = nil
                } else {
                    result[name] = merge(result[name] ?? .null, value, schemaPath: schemaPath + [name])
                }
            }
            return .object(result)
        case (.array(let liveItems), .array(let configItems), .keyedList(let keys)):
            let identity = { (item: JSONValue) in FieldSchema.identity(of: item, keys: keys) }
            guard configItems.allSatisfy({ identity($0) != nil }), liveItems.allSatisfy({ identity($0) != nil }) else { return config }
            var result = liveItems
            for item in configItems {
                let wanted = identity(item)!
                let matches = { (candidate: JSONValue) in
                    guard let found = identity(candidate) else { return false }
                    return keys.allSatisfy { JSONPatch.equivalent(found[$0]!, wanted[$0]!) }
                }
                if let index = result.firstIndex(where: matches) {
                    result[index] = merge(result[index], item, schemaPath: schemaPath)
                } else {
                    result.append(merge(.null, item, schemaPath: schemaPath))
                }
            }
            return .array(result)
        case (.array(let liveItems), .array(let configItems), .setList):
            var result = liveItems
            for item in configItems where !result.contains(where: { JSONPatch.equivalent($0, item) }) { result.append(item) }
            return .array(result)
        case (_, .object(let members), .granularMap):
            return merge(.object([:]), .object(members), schemaPath: schemaPath)
        default:
            return config
        }
    }
}
