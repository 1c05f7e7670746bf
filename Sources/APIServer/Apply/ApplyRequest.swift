import Foundation
import Kernel

/// Server-side apply (`PATCH` with `application/apply-patch+yaml`): checks the applied
/// configuration against the URL, then merges it into the live object (or creates the object)
/// through `ClusterAPI`, so it gets the same admission, validation, defaults, dry run and
/// resourceVersion checks as any write.
enum ApplyRequest {
    /// How many times an apply starts over when a concurrent write wins the race.
    static let maxAttempts = 16

    /// Reads an applied configuration: one YAML or JSON document holding an object (400
    /// otherwise).
    static func decode(_ data: [UInt8]) throws -> JSONValue {
        let text = String(decoding: data, as: UTF8.self)
        let documents: [JSONValue]
        do {
            documents = try YAMLDocuments.parse(text, file: "body")
        } catch {
            throw APIError.badRequest("error decoding YAML: \(error)")
        }
        guard documents.count == 1, documents[0].objectValue != nil else {
            throw APIError.badRequest("error decoding YAML: the body must hold exactly one object")
        }
        return documents[0]
    }

    /// Applies `config` to the object `name` (or its status) and answers 200 with the stored
    /// object, or 201 when the apply created it.
    static func apply(_ api: ClusterAPI, _ type: ResourceType, namespace: String, name: String, status: Bool,
                      config: JSONValue, options: ApplyOptions) async throws -> (code: Int, object: JSONValue) {
        let config = scoped(try checked(config, type, namespace: namespace, name: name), type, status: status)
        let subresource = status ? "status" : nil
        var context = FieldManagerContext(manager: options.fieldManager, subresource: subresource)
        context.applied = true
        return try await FieldManagerContext.$current.withValue(context) {
            var attempt = 0
            while true {
                attempt += 1
                let live: JSONValue?
                do {
                    live = try await api.get(type, namespace: namespace, name: name)
                } catch let error as APIError where error.code == 404 {
                    live = nil
                }
                do {
                    guard let live else {
                        if status { throw APIError.notFound(type, name) }
                        let object = try Applier.apply(config, to: nil, manager: options.fieldManager, force: options.force,
                                                       type: type, subresource: subresource)
                        return (201, try await api.create(type, namespace: namespace, object: object))
                    }
                    if let uid = config[path: "metadata", "uid"]?.stringValue, !uid.isEmpty, uid != live.uid {
                        throw APIError(code: 409, reason: "Conflict",
                                       message: "Operation cannot be fulfilled on \(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)") \"\(name)\": Precondition failed: UID in precondition: \(uid), UID in object meta: \(live.uid ?? "")")
                    }
                    var object = try Applier.apply(config, to: live, manager: options.fieldManager, force: options.force,
                                                   type: type, subresource: subresource)
                    let clientRevision = config[path: "metadata", "resourceVersion"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
                    object[path: "metadata", "resourceVersion"] = clientRevision.map(JSONValue.string) ?? live[path: "metadata", "resourceVersion"]
                    let stored = status ? try await api.updateStatus(type, namespace: namespace, object: object)
                                        : try await api.update(type, namespace: namespace, object: object)
                    return (200, stored)
                } catch let error as APIError where attempt < maxAttempts && isRace(error, config: config) {
                    continue
                }
            }
        }
    }

    /// Whether a failed write lost a race the apply should retry: the object appeared or
    /// changed under it, and the client named no resourceVersion of its own.
    private static func isRace(_ error: APIError, config: JSONValue) -> Bool {
        if error.reason == "AlreadyExists" { return true }
        let clientRevision = config[path: "metadata", "resourceVersion"]?.stringValue ?? ""
        return error.code == 409 && error.reason == "Conflict" && error.causes.isEmpty && clientRevision.isEmpty
            && !error.message.contains("Precondition failed")
    }

    /// The part of a configuration a write may change, as Kubernetes resets the rest before
    /// applying: only the status (and identity) through the status subresource; everything but
    /// the status through the object itself, for kinds with a status subresource.
    static func scoped(_ config: JSONValue, _ type: ResourceType, status: Bool) -> JSONValue {
        guard Admissions.of(type).hasStatusSubresource else { return config }
        var result = config
        if status {
            result = ["apiVersion": config["apiVersion"] ?? .null, "kind": config["kind"] ?? .null]
            var metadata: [String: JSONValue] = [:]
            for field in ["name", "namespace", "uid", "resourceVersion"] { metadata[field] = config[path: "metadata", field] }
            result["metadata"] = .object(metadata)
            if let value = config["status"] { result["status"] = value }
        } else if result["status"] != nil {
            result["status"] = nil
        }
        return result
    }

    /// The configuration after the checks Kubernetes makes: an object of the URL's apiVersion
    /// and kind, naming the URL's object, without managedFields.
    private static func checked(_ config: JSONValue, _ type: ResourceType, namespace: String, name: String) throws -> JSONValue {
        let version = config["apiVersion"]?.stringValue ?? ""
        if version != type.apiVersion {
            throw APIError.badRequest("Incorrect version specified in apply patch. Specified patch version: \(version), expected: \(type.apiVersion)")
        }
        let kind = config.kind ?? ""
        if kind != type.kind {
            throw APIError.badRequest("the object provided is unrecognized (must be of type \(type.kind)): kind \"\(kind)\"")
        }
        if let metadata = config["metadata"], metadata.objectValue == nil {
            throw APIError.badRequest("error decoding YAML: metadata must be an object")
        }
        if config[path: "metadata", "managedFields"].map({ $0 != .null }) == true {
            throw APIError.badRequest("metadata.managedFields must be nil")
        }
        var config = config
        if let given = config.name, !given.isEmpty, given != name {
            throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        config.name = name
        if type.namespaced, let given = config.namespace, !given.isEmpty, given != namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        return config
    }
}
