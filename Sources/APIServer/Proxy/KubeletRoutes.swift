/// The API paths answered by reaching a node's kubelet: `pods/{name}/log` and
/// `nodes/{name}/proxy[/{path}]`.
enum KubeletRoutes {
    /// The route for `path` (already split into decoded `segments`) when it is one of these,
    /// else nil (the ordinary parse goes on).
    static func parse(_ path: String, segments: [String]) -> APIRoute? {
        guard segments.count >= 5, segments[0] == "api", segments[1] == "v1" else { return nil }
        if segments.count == 7, segments[2] == "namespaces", segments[4] == "pods", segments[6] == "log" {
            return .podLog(namespace: segments[3], name: segments[5])
        }
        if segments[2] == "nodes", segments[4] == "proxy" {
            // The rest of the path, decoded as Kubernetes decodes it (a client may send
            // "stats%2Fsummary"), a trailing slash kept, goes to the kubelet.
            var rest = "/" + segments.dropFirst(5).joined(separator: "/")
            if segments.count > 5, path.hasSuffix("/") { rest += "/" }
            return .nodeProxy(name: segments[3], path: rest)
        }
        return nil
    }
}
