import AsyncHTTPClient
import Foundation
import Kernel
import NIOCore
import NIOHTTP1
import NIOSSL

/// A small Kubernetes REST client for the CLI's apply/get/delete: the same paths and JSON the
/// API serves to kubectl, over AsyncHTTPClient so an https server is verified against the
/// kubeconfig's CA (URLSession on Linux cannot trust a custom CA).
struct APIClient: Sendable {
    let server: URL
    let token: String?
    /// The CA (PEM) an https server's certificate must chain to; nil trusts the system roots.
    var certificateAuthorityPEM: String? = nil
    /// Skip certificate verification (kubeconfig's insecure-skip-tls-verify).
    var insecureSkipTLSVerify = false
    /// The largest response body read: 256 MiB.
    static let maxResponseBytes = 256 * 1024 * 1024

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
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Accept", value: accept)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body.serialized()))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let client = try makeHTTPClient()
        let code: Int
        let data: Data
        do {
            let response = try await client.execute(request, timeout: .seconds(120))
            code = Int(response.status.code)
            var buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            data = Data(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch {
            try? await client.shutdown()
            throw Failure(code: 0, reason: "ServiceUnavailable", message: "cannot reach the API server at \(server.absoluteString): \(error) (is `keelson up` running?)")
        }
        try? await client.shutdown()
        let value = (try? JSONValue(parsing: data)) ?? .string(String(decoding: data, as: UTF8.self))
        guard (200..<300).contains(code) else {
            throw Failure(
                code: code, reason: value["reason"]?.stringValue ?? "Unknown",
                message: value["message"]?.stringValue ?? "HTTP \(code)")
        }
        return value
    }

    /// An HTTP client trusting the kubeconfig's CA for https servers.
    private func makeHTTPClient() throws -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        if server.scheme == "https" {
            var tls = TLSConfiguration.makeClientConfiguration()
            if let certificateAuthorityPEM {
                do {
                    tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(certificateAuthorityPEM.utf8)))
                } catch {
                    throw CLIError("the kubeconfig's certificate authority is not a PEM certificate: \(error)")
                }
            }
            if insecureSkipTLSVerify { tls.certificateVerification = .none }
            configuration.tlsConfiguration = tls
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }
}
