import Foundation
import Kernel

/// ConfigMaps: `data` and `binaryData` keys are config keys, no key in both, at most 1 MiB in
/// all, and with `immutable: true` the data may no longer change.
struct ConfigMapAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let data = object["data"]?.objectValue ?? [:]
        let binary = object["binaryData"]?.objectValue ?? [:]
        var size = 0
        for key in data.keys.sorted() {
            causes += DataKeys.problems(key).map { .invalid("data[\(key)]", .string(key), $0) }
            if binary[key] != nil { causes.append(.invalid("data[\(key)]", .string(key), "duplicate of key present in binaryData")) }
            if let value = data[key]?.stringValue {
                size += value.utf8.count
            } else {
                causes.append(.invalid("data[\(key)]", data[key] ?? .null, "must be a string"))
            }
        }
        for key in binary.keys.sorted() {
            causes += DataKeys.problems(key).map { .invalid("binaryData[\(key)]", .string(key), $0) }
            if data[key] != nil { causes.append(.invalid("binaryData[\(key)]", .string(key), "duplicate of key present in data")) }
            if let decoded = binary[key]?.stringValue.flatMap({ Data(base64Encoded: $0) }) {
                size += decoded.count
            } else {
                causes.append(.invalid("binaryData[\(key)]", "<binary data>", "must be base64-encoded bytes"))
            }
        }
        if size > DataKeys.maxSize { causes.append(DataKeys.tooLong("data")) }
        if let immutable = object["immutable"], !immutable.isNull, immutable.boolValue == nil {
            causes.append(.invalid("immutable", immutable, "must be a boolean"))
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        DataKeys.immutabilityCauses(old: old, new: new, fields: ["data", "binaryData"])
    }
}

/// The rules ConfigMaps and Secrets share: key syntax, the 1 MiB total and `immutable`.
enum DataKeys {
    /// The largest total of a ConfigMap's or Secret's values: 1 MiB.
    static let maxSize = 1024 * 1024

    /// Problems with a data key, worded as Kubernetes' `IsConfigMapKey`; empty when valid.
    static func problems(_ key: String) -> [String] {
        var problems: [String] = []
        if key.utf8.count > 253 { problems.append("must be no more than 253 characters") }
        let allowed = !key.isEmpty && key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        if !allowed {
            problems.append("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")
        }
        if key == "." {
            problems.append("must not be '.'")
        } else if key == ".." {
            problems.append("must not be '..'")
        } else if key.hasPrefix("..") {
            problems.append("must not start with '..'")
        }
        return problems
    }

    /// `field: Too long: may not be more than 1048576 bytes`.
    static func tooLong(_ field: String) -> APIError.Cause {
        APIError.Cause(type: "FieldValueTooLong", field: field, message: "Too long: may not be more than \(maxSize) bytes")
    }

    /// Whether an object is marked `immutable: true`.
    static func isImmutable(_ object: JSONValue) -> Bool { object["immutable"]?.boolValue == true }

    /// Once `immutable: true` is stored, neither it nor `fields` may change.
    static func immutabilityCauses(old: JSONValue, new: JSONValue, fields: [String]) -> [APIError.Cause] {
        guard isImmutable(old) else { return [] }
        var causes: [APIError.Cause] = []
        if !isImmutable(new) { causes.append(.forbidden("immutable", "field is immutable when `immutable` is set")) }
        for field in fields where normalized(old[field]) != normalized(new[field]) {
            causes.append(.forbidden(field, "field is immutable when `immutable` is set"))
        }
        return causes
    }

    /// An absent, null or empty map all read as "no data".
    private static func normalized(_ value: JSONValue?) -> [String: JSONValue] { value?.objectValue ?? [:] }
}
