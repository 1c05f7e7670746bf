import Foundation
import Hummingbird
import Kernel

/// PATCH on an object or its `status`: reads the patch body, then runs a read-patch-update
/// loop through `ClusterAPI`, so the patched object goes through the same admission,
/// validation and resourceVersion checks as an update.
enum PatchRequest {
    /// How many times a patch is re-applied over concurrent writes when it names no
    /// resourceVersion of its own.
    static let maxAttempts = 16

    /// Reads a PATCH body: its type from Content-Type (415 otherwise) and the JSON document
    /// (YAML or JSON for apply; 400 when empty or malformed).
    static func read(_ request: Request) async throws -> (PatchType, JSONValue) {
        let patchType = try PatchType.of(contentType: request.headers[.contentType] ?? "")
        let data = try await RequestBodyReader.readBytes(request)
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x0a || $0 == 0x0d || $0 == 0x09 }) else {
            throw APIError.badRequest("the request body is empty; expected a \(patchType.rawValue) document")
        }
        if patchType == .apply { return (patchType, try ApplyRequest.decode(data)) }
        do {
            return (patchType, try JSONValue(parsing: Data(data)))
        } catch let error as JSONValue.ParseError {
            throw APIError.badRequest("error decoding patch: \(error.reason)")
        }
    }

    /// Patches the object `name` (or only its status) and returns the stored result; `check`
    /// sees each patched object before it is written (field validation).
    static func patch(_ api: ClusterAPI, _ type: ResourceType, namespace: String, name: String, status: Bool,
                      patchType: PatchType, patch: JSONValue, check: (JSONValue) throws -> Void = { _ in }) async throws -> JSONValue {
        try await readPatchWrite(api, type, namespace: namespace, name: name) { current in
            let patched: JSONValue
            do {
                patched = try patchType.apply(patch, to: current)
            } catch let failure as PatchFailure {
                throw failure.apiError
            }
            try check(patched)
            try ObjectMetaAdmission.checkShape(patched, type)
            if let given = patched.name, given != name {
                throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
            }
            return patched
        } write: { patched in
            status ? try await api.updateStatus(type, namespace: namespace, object: patched)
                   : try await api.update(type, namespace: namespace, object: patched)
        }
    }

    /// Reads the stored object (404 when absent), computes the new one with `change` and writes
    /// it with `write`. When the new object still carries the stored resourceVersion, a 409
    /// caused by a concurrent write starts over from a fresh read; a resourceVersion the client
    /// set is a precondition and its 409 is returned.
    static func readPatchWrite(_ api: ClusterAPI, _ type: ResourceType, namespace: String, name: String,
                               change: (JSONValue) throws -> JSONValue,
                               write: (JSONValue) async throws -> JSONValue) async throws -> JSONValue {
        var attempt = 0
        while true {
            attempt += 1
            let current = try await api.get(type, namespace: namespace, name: name)
            let changed = try change(current)
            let clientChoseRevision = changed[path: "metadata", "resourceVersion"] != current[path: "metadata", "resourceVersion"]
            do {
                return try await write(changed)
            } catch let error as APIError where error.code == 409 && error.reason == "Conflict" && !clientChoseRevision && attempt < maxAttempts {
                continue
            }
        }
    }
}
