import Foundation
import Hummingbird
import Kernel
import Logging

/// Answers the kubelet server's requests: health, the node's pods, machine info, the Summary
/// API and container logs. GET (and HEAD) only: the server is read-only.
struct KubeletRequestHandler: Sendable {
    /// What the endpoints read.
    let view: KubeletView
    /// Where failures are logged.
    let logger: Logger

    /// Answers one request; never throws (failures become plain-text error answers).
    func respond(_ request: Request) async -> Response {
        guard request.method == .get || request.method == .head else {
            return Self.text(405, "405: Method Not Allowed\n")
        }
        let segments = request.uri.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        do {
            switch segments.first {
            case "healthz" where segments.count == 1:
                return Self.text(200, "ok")
            case "pods" where segments.count == 1:
                return Self.json(try await view.podList())
            case "spec" where segments.count == 1:
                return Self.json(view.machineSpec())
            case "stats" where segments == ["stats", "summary"]:
                return Self.json(await SummaryStats(view: view).summary())
            case "containerLogs" where segments.count == 4:
                let options = try ContainerLogOptions(query: KubeletQuery.parse(request.uri.query))
                return try await ContainerLogsEndpoint(view: view).respond(
                    request, namespace: segments[1], pod: segments[2], container: segments[3], options: options)
            default:
                return Self.text(404, "404 page not found\n")
            }
        } catch let error as ContainerLogError {
            return Self.text(error.code, error.message)
        } catch {
            logger.warning("kubelet server request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return Self.text(500, "\(error)")
        }
    }

    /// A JSON response.
    static func json(_ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serialized())))
    }

    /// A plain-text response.
    static func text(_ code: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: HTTPResponse.Status(code: code), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
