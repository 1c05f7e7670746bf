import Foundation
import Kernel

/// The metadata admission every kind shares: shape checks, identity defaults, name and label
/// validation, and what an update may not change.
enum ObjectMetaAdmission {
    /// Rejects documents that cannot be an object of `type` (400, as a decoding failure is).
    static func checkShape(_ object: JSONValue, _ type: ResourceType) throws {
        func fail(_ why: String) -> APIError {
            APIError.badRequest("\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(why)")
        }
        guard case .object(let members) = object else { throw fail("the body must be a JSON object") }
        if let kind = members["kind"], kind.stringValue == nil { throw fail("kind must be a string") }
        if let version = members["apiVersion"], version.stringValue == nil { throw fail("apiVersion must be a string") }
        for section in ["spec", "status"] {
            if let value = members[section], value.objectValue == nil, !value.isNull {
                throw fail("\(section) must be an object")
            }
        }
        guard let metadata = members["metadata"], !metadata.isNull else { return }
        guard case .object(let meta) = metadata else { throw fail("metadata must be an object") }
        for field in ["name", "generateName", "namespace", "resourceVersion", "uid", "creationTimestamp"] {
            if let value = meta[field], value.stringValue == nil, !value.isNull {
                throw fail("metadata.\(field) must be a string")
            }
        }
        for field in ["labels", "annotations"] {
            guard let value = meta[field], !value.isNull else { continue }
            guard let map = value.objectValue, map.values.allSatisfy({ $0.stringValue != nil }) else {
                throw fail("metadata.\(field) must be a map of strings")
            }
        }
    }

    /// Rejects a body whose kind or apiVersion names another type (400).
    static func checkKind(_ object: JSONValue, _ type: ResourceType) throws {
        if let version = object["apiVersion"]?.stringValue, !version.isEmpty, version != type.apiVersion {
            throw APIError.badRequest("the API version in the data (\(version)) does not match the expected API version (\(type.apiVersion))")
        }
        if let kind = object.kind, !kind.isEmpty, kind != type.kind {
            throw APIError.badRequest("the object provided is unrecognized (must be of type \(type.kind)): kind \"\(kind)\"")
        }
    }

    /// Sets what the server decides for a new object: kind, apiVersion, namespace, uid,
    /// creationTimestamp, generation; drops what clients may not set.
    static func prepareForCreate(_ object: inout JSONValue, _ type: ResourceType, namespace: String, tracksGeneration: Bool) {
        object["kind"] = .string(type.kind)
        object["apiVersion"] = .string(type.apiVersion)
        var metadata = object["metadata"]?.objectValue ?? [:]
        if type.namespaced { metadata["namespace"] = .string(namespace) } else { metadata["namespace"] = nil }
        metadata["uid"] = .string(ObjectUID.next())
        metadata["creationTimestamp"] = .string(Timestamp.now())
        metadata["resourceVersion"] = nil
        metadata["deletionTimestamp"] = nil
        metadata["deletionGracePeriodSeconds"] = nil
        metadata["selfLink"] = nil
        metadata["generation"] = tracksGeneration ? .int(1) : nil
        for field in ["labels", "annotations", "generateName"] where metadata[field]?.isNull == true {
            metadata[field] = nil
        }
        object["metadata"] = .object(metadata)
    }

    /// Carries over what an update may not change (identity, creation time, deletion state)
    /// from the stored object into the new one.
    static func carryOver(from old: JSONValue, into new: inout JSONValue, _ type: ResourceType) {
        new["kind"] = .string(type.kind)
        new["apiVersion"] = .string(type.apiVersion)
        var metadata = new["metadata"]?.objectValue ?? [:]
        let oldMetadata = old["metadata"]?.objectValue ?? [:]
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace"] {
            metadata[field] = oldMetadata[field]
        }
        metadata["selfLink"] = nil
        for field in ["labels", "annotations", "generateName"] where metadata[field]?.isNull == true {
            metadata[field] = nil
        }
        new["metadata"] = .object(metadata)
    }

    /// Field errors in the metadata: the name under `rule`, label keys and values, annotation keys.
    static func validate(_ object: JSONValue, rule: NameRule, nameField: String = "metadata.name", nameValue: String? = nil) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let name = object.name ?? ""
        if name.isEmpty {
            causes.append(.required("metadata.name", "name or generateName is required"))
        } else {
            for problem in rule.problems(name) {
                causes.append(.invalid(nameField, .string(nameValue ?? name), problem))
            }
        }
        for (key, value) in object.labels.sorted(by: { $0.key < $1.key }) {
            for problem in NameValidation.qualifiedNameProblems(key) {
                causes.append(.invalid("metadata.labels", .string(key), problem))
            }
            for problem in NameValidation.labelValueProblems(value) {
                causes.append(.invalid("metadata.labels", .string(value), problem))
            }
        }
        let annotations = object[path: "metadata", "annotations"]?.objectValue ?? [:]
        for key in annotations.keys.sorted() {
            for problem in NameValidation.qualifiedNameProblems(key.lowercased()) {
                causes.append(.invalid("metadata.annotations", .string(key), problem))
            }
        }
        return causes
    }

    /// The name Kubernetes generates from `generateName`: the prefix and five random characters.
    static func generatedName(prefix: String) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var generator = SystemRandomNumberGenerator()
        let trimmed = prefix.count > 58 ? String(prefix.prefix(58)) : prefix
        return trimmed + String((0..<5).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}

/// Timestamps as Kubernetes writes them: RFC 3339 in UTC with second precision.
enum Timestamp {
    /// The current time, "2024-05-01T12:00:00Z".
    static func now() -> String { KubeTime.now() }
}
