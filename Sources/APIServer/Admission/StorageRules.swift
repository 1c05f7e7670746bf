import Kernel

/// Checks PersistentVolumes and PersistentVolumeClaims share: access modes and quantities.
enum StorageRules {
    /// At least one access mode, each known, and ReadWriteOncePod only on its own.
    static func accessModeCauses(_ modes: JSONValue?, path: String, allowed: [String]) -> [APIError.Cause] {
        let values = modes?.arrayValue ?? []
        if values.isEmpty { return [.required(path, "at least 1 access mode is required")] }
        var causes: [APIError.Cause] = []
        for value in values where !allowed.contains(value.stringValue ?? "") {
            causes.append(.notSupported(path, value, allowed))
        }
        if values.count > 1 && values.contains("ReadWriteOncePod") {
            causes.append(.forbidden(path, "may not use ReadWriteOncePod with other access modes"))
        }
        return causes
    }

    /// A valid quantity greater than zero.
    static func positiveQuantity(_ value: JSONValue, field: String) -> [APIError.Cause] {
        guard let number = StorageQuantity.value(value) else {
            return [.invalid(field, value, StorageQuantity.formatMessage)]
        }
        return number > 0 ? [] : [.invalid(field, value, "must be greater than zero")]
    }

    /// The access modes as kubectl abbreviates them: "RWO,ROX,RWX,RWOP".
    static func abbreviatedModes(_ modes: JSONValue?) -> String {
        let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
        let present = Set((modes?.arrayValue ?? []).compactMap(\.stringValue))
        return ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"].filter(present.contains).compactMap { short[$0] }.joined(separator: ",")
    }
}
