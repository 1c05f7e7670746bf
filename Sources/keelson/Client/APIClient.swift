import Foundation
import Kernel

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small Kubernetes REST client for the CLI's apply/get/delete: the same paths and JSON the
/// API serves to kubectl.
struct APIClient: Sendable {
    let server: URL
    let token: String?

    /// A failed request, carrying the server's `Status` when it sent one.
    struct Failure: Error, CustomStringConvertible {
        let code: Int
        let reason: String
        let message: String
        var description: String { "Error from server (\(reason)): \(message)" }
    }

    /// The path of a collection or of one object.
    static func path(_ type: ResourceType, namespace: String?, name: String? = nil) -> String {
        var path = type.group.isEmpty ? "/api/\(type.version)" : "/apis/\(type.group)/\(type.version)"
        if type.namespaced, let namespace { path += "/namespaces/\(namespace)" }
        path += "/\(type.resource)"
        if let name { path += "/\(name)" }
        return path
    }

    func get(_ type: ResourceType, namespace: String?, name: String, accept: String = "application/json") async throws -> JSONValue {
        try await send("GET", Self.path(type, namespace: namespace, name: name), accept: accept)
    }

    /// The `Accept` value that asks the server for a `meta.k8s.io/v1` Table, as kubectl does.
    static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    func list(_ type: ResourceType, namespace: String?, labelSelector: String? = nil, accept: String = "application/json") async throws -> JSONValue {
        var path = Self.path(type, namespace: namespace)
        if let labelSelector, !labelSelector.isEmpty {
            path += "?labelSelector=" + (labelSelector.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? labelSelector)
        }
        return try await send("GET", path, accept: accept)
    }

    func create(_ type: ResourceType, namespace: String?, object: JSONValue) async throws -> JSONValue {
        try await send("POST", Self.path(type, namespace: namespace), body: object)
    }

    func replace(_ type: ResourceType, namespace: String?, name: String, object: JSONValue) async throws -> JSONValue {
        try await send("PUT", Self.path(type, namespace: namespace, name: name), body: object)
    }

    func delete(_ type: ResourceType, namespace: String?, name: String) async throws -> JSONValue {
        try await send("DELETE", Self.path(type, namespace: namespace, name: name))
    }

    private func send(_ method: String, _ path: String, body: JSONValue? = nil, accept: String = "application/json") async throws -> JSONValue {
        guard let url = URL(string: path, relativeTo: server) else { throw Failure(code: 0, reason: "BadRequest", message: "bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body.serialized()
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(code: 0, reason: "ServiceUnavailable", message: "cannot reach the API server at \(server.absoluteString): \(error.localizedDescription) (is `keelson up` running?)")
        }
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        let value = (try? JSONValue(parsing: data)) ?? .string(String(decoding: data, as: UTF8.self))
        guard (200..<300).contains(code) else {
            throw Failure(
                code: code, reason: value["reason"]?.stringValue ?? "Unknown",
                message: value["message"]?.stringValue ?? "HTTP \(code)")
        }
        return value
    }
}
