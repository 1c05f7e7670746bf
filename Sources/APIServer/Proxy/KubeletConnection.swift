import AsyncHTTPClient
import Hummingbird
import Kernel

/// Reaching a node's kubelet over plain HTTP: where it listens (from the Node object) and the
/// streaming GET that carries its answer back to the API client.
enum KubeletConnection {
    /// "http://ADDRESS:PORT" of the node's kubelet: the Node's InternalIP (else ExternalIP, else
    /// Hostname) and `status.daemonEndpoints.kubeletEndpoint.Port`.
    static func baseURL(of node: JSONValue) throws -> String {
        let name = node.name ?? ""
        let addresses = node[path: "status", "addresses"]?.arrayValue ?? []
        let address = ["InternalIP", "ExternalIP", "Hostname"].lazy.compactMap { type in
            addresses.first { $0["type"]?.stringValue == type }?["address"]?.stringValue
        }.first { !$0.isEmpty }
        guard let address else { throw APIError.internalError("no preferred addresses found; known addresses: [] for node \"\(name)\"") }
        guard let port = node[path: "status", "daemonEndpoints", "kubeletEndpoint", "Port"]?.intValue, port > 0 else {
            throw APIError(code: 503, reason: "ServiceUnavailable", message: "node \"\(name)\" does not advertise a kubelet endpoint")
        }
        let host = address.contains(":") ? "[\(address)]" : address
        return "http://\(host):\(port)"
    }

    /// GETs `url` from a kubelet and answers with its body streamed back (chunked), the
    /// kubelet's status code and content type kept; the stream ends when the kubelet's does or,
    /// for a `longRunning` one (a followed log), when the API client goes away (the connection
    /// is then not reused). With `checked`, a kubelet answer of 300 or more becomes a `Status`
    /// error carrying the kubelet's message.
    static func stream(_ request: Request, url: String, contentType: String?, checked: Bool, longRunning: Bool,
                       type: ResourceType, name: String) async throws -> Response {
        var outbound = HTTPClientRequest(url: url)
        outbound.method = .GET
        let answer: HTTPClientResponse
        do {
            answer = try await HTTPClient.shared.execute(outbound, deadline: .distantFuture)
        } catch {
            throw APIError.internalError("error trying to reach the kubelet at \(url): \(error)")
        }
        let code = Int(answer.status.code)
        if checked, code >= 300 {
            let body = (try? await answer.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
            throw kubeletError(code: code, message: body.trimmingCharacters(in: .whitespacesAndNewlines), type: type, name: name)
        }
        let body = ResponseBody { writer in
            do {
                if longRunning {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        for try await chunk in answer.body { try await writer.write(chunk) }
                    }
                } else {
                    for try await chunk in answer.body { try await writer.write(chunk) }
                }
            } catch {
                // The client or the kubelet went away: the stream just ends.
            }
            try? await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = contentType ?? answer.headers.first(name: "content-type") ?? "text/plain"
        headers[.cacheControl] = "no-cache, private"
        return Response(status: JSONResponse.httpStatus(code), headers: headers, body: body)
    }

    /// Kubernetes' generic server response error for a kubelet failure code.
    static func kubeletError(code: Int, message: String, type: ResourceType, name: String) -> APIError {
        let reasons: [Int: String] = [
            400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
            409: "Conflict", 422: "Invalid", 429: "TooManyRequests", 503: "ServiceUnavailable", 504: "Timeout",
        ]
        let text = message.isEmpty ? "the kubelet answered \(code) for \(type.resource) \"\(name)\"" : message
        return APIError(code: code, reason: reasons[code] ?? "InternalError", message: text)
    }
}
