import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/nodes/{name}/proxy/{path}`: forwards the GET (with its query) to the node's
/// kubelet and streams the answer back with the kubelet's status code and content type.
struct NodeProxyRequest {
    /// The API the node is read from.
    let api: ClusterAPI
    /// The client's request.
    let request: Request

    /// Answers the request: the kubelet's answer streamed back, or a Status error.
    func respond(node name: String, path: String) async -> Response {
        do {
            guard request.method == .get || request.method == .head else { throw StatusObject.methodNotAllowed(request.method.rawValue) }
            let node = try await api.get(.nodes, namespace: "", name: name)
            var url = try KubeletConnection.baseURL(of: node) + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
            let query = request.uri.query ?? ""
            if !query.isEmpty { url += "?" + query }
            let follow = QueryParameters(query).flag("follow")
            return try await KubeletConnection.stream(request, url: url, contentType: nil, checked: false, longRunning: follow,
                                                      type: .nodes, name: name)
        } catch let error as APIError {
            return StatusObject.response(error, type: .nodes, name: name)
        } catch {
            return StatusObject.response(.internalError("\(error)"), type: .nodes, name: name)
        }
    }
}
