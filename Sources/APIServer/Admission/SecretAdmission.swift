import Foundation
import Kernel

/// Secrets: `type` defaults to Opaque and may not change; `stringData` is merged into `data`
/// (base64) and dropped; values must be base64; each built-in type requires its keys; with
/// `immutable: true` the data may no longer change.
struct SecretAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    func applyDefaults(_ object: inout JSONValue) {
        if object["type"] == nil || object["type"]?.isNull == true || object["type"] == "" {
            object["type"] = "Opaque"
        }
        guard let stringData = object["stringData"]?.objectValue else {
            if object["stringData"]?.isNull == true { object["stringData"] = nil }
            return
        }
        // Non-string values stay behind for validation to report.
        guard stringData.values.allSatisfy({ $0.stringValue != nil }) else { return }
        var data = object["data"]?.objectValue ?? [:]
        for (key, value) in stringData {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        object["data"] = .object(data)
        object["stringData"] = nil
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let data = object["data"]?.objectValue ?? [:]
        var decoded: [String: Data] = [:]
        var size = 0
        for key in data.keys.sorted() {
            causes += DataKeys.problems(key).map { .invalid("data[\(key)]", .string(key), $0) }
            guard let bytes = data[key]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else {
                causes.append(.invalid("data[\(key)]", "<secret contents redacted>", "illegal base64 data"))
                continue
            }
            decoded[key] = bytes
            size += bytes.count
        }
        for (key, value) in (object["stringData"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) where value.stringValue == nil {
            causes.append(.invalid("stringData[\(key)]", "<secret contents redacted>", "must be a string"))
        }
        if size > DataKeys.maxSize { causes.append(DataKeys.tooLong("data")) }
        causes += Self.typeCauses(object, data: decoded, keys: Set(data.keys))
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let oldType = old["type"] ?? "Opaque"
        let newType = new["type"] ?? "Opaque"
        if oldType != newType { causes.append(.immutable("type", newType)) }
        causes += DataKeys.immutabilityCauses(old: old, new: new, fields: ["data"])
        return causes
    }

    /// The keys each built-in secret type requires.
    static func typeCauses(_ object: JSONValue, data: [String: Data], keys: Set<String>) -> [APIError.Cause] {
        let type = object["type"]?.stringValue ?? "Opaque"
        var causes: [APIError.Cause] = []
        switch type {
        case "kubernetes.io/service-account-token":
            let annotation = "kubernetes.io/service-account.name"
            if (object[path: "metadata", "annotations", annotation]?.stringValue ?? "").isEmpty {
                causes.append(.required("metadata.annotations[\(annotation)]"))
            }
        case "kubernetes.io/dockercfg":
            causes += jsonKeyCauses(".dockercfg", data: data, keys: keys)
        case "kubernetes.io/dockerconfigjson":
            causes += jsonKeyCauses(".dockerconfigjson", data: data, keys: keys)
        case "kubernetes.io/basic-auth":
            if !keys.contains("username") && !keys.contains("password") {
                causes.append(.required("data[username]"))
                causes.append(.required("data[password]"))
            }
        case "kubernetes.io/ssh-auth":
            if (data["ssh-privatekey"] ?? Data()).isEmpty { causes.append(.required("data[ssh-privatekey]")) }
        case "kubernetes.io/tls":
            if !keys.contains("tls.crt") { causes.append(.required("data[tls.crt]")) }
            if !keys.contains("tls.key") { causes.append(.required("data[tls.key]")) }
        default:
            if type.isEmpty {
                causes.append(.required("type"))
            } else {
                causes += NameValidation.qualifiedNameProblems(type).map { .invalid("type", .string(type), $0) }
            }
        }
        return causes
    }

    /// A required key whose value must be JSON.
    private static func jsonKeyCauses(_ key: String, data: [String: Data], keys: Set<String>) -> [APIError.Cause] {
        guard keys.contains(key) else { return [.required("data[\(key)]")] }
        guard let bytes = data[key] else { return [] }
        if (try? JSONSerialization.jsonObject(with: bytes)) == nil {
            return [.invalid("data[\(key)]", "<secret contents redacted>", "invalid JSON")]
        }
        return []
    }
}
