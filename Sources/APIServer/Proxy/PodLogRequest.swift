import Foundation
import Hummingbird
import Kernel

/// `GET /api/v1/namespaces/{ns}/pods/{name}/log`: finds the pod, its container and its node,
/// then streams the node kubelet's `/containerLogs/...` answer back as `text/plain`.
struct PodLogRequest {
    /// The API the pod and node are read from.
    let api: ClusterAPI
    /// The client's request.
    let request: Request

    /// The query parameters passed on to the kubelet (PodLogOptions).
    static let forwarded = ["follow", "previous", "timestamps", "tailLines", "limitBytes", "sinceSeconds", "sinceTime"]

    /// Answers the request: the streamed log, or a Status error.
    func respond(namespace: String, name: String) async -> Response {
        do {
            guard request.method == .get || request.method == .head else { throw StatusObject.methodNotAllowed(request.method.rawValue) }
            let query = QueryParameters(request.uri.query)
            let pod = try await api.get(.pods, namespace: namespace, name: name)
            let container = try Self.container(of: pod, named: query["container"] ?? "")
            try Self.validate(query)
            guard let nodeName = pod[path: "spec", "nodeName"]?.stringValue, !nodeName.isEmpty else {
                throw APIError.badRequest("pod \(name) does not have a host assigned")
            }
            let node = try await api.get(.nodes, namespace: "", name: nodeName)
            var url = try KubeletConnection.baseURL(of: node) + "/containerLogs/\(Self.escape(namespace))/\(Self.escape(name))/\(Self.escape(container))"
            let parameters = Self.forwarded.compactMap { key in query[key].map { "\(key)=\(Self.escape($0))" } }
            if !parameters.isEmpty { url += "?" + parameters.joined(separator: "&") }
            return try await KubeletConnection.stream(request, url: url, contentType: "text/plain", checked: true,
                                                    longRunning: query.flag("follow"), type: .pods, name: name)
        } catch let error as APIError {
            return StatusObject.response(error, type: .pods, name: name)
        } catch {
            return StatusObject.response(.internalError("\(error)"), type: .pods, name: name)
        }
    }

    /// The container to read: the one named, or the pod's only container. Kubernetes' errors
    /// for a missing choice among several and for a name the pod does not have.
    static func container(of pod: JSONValue, named requested: String) throws -> String {
        let name = pod.name ?? ""
        func names(_ key: String) -> [String] {
            (pod[path: "spec", key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        }
        let containers = names("containers"), initContainers = names("initContainers"), ephemeral = names("ephemeralContainers")
        if requested.isEmpty {
            if containers.count == 1 { return containers[0] }
            var message = "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
            if !initContainers.isEmpty { message += " or one of the init containers: [\(initContainers.joined(separator: " "))]" }
            if !ephemeral.isEmpty { message += " or one of the ephemeral containers: [\(ephemeral.joined(separator: " "))]" }
            throw APIError.badRequest(message)
        }
        guard (containers + initContainers + ephemeral).contains(requested) else {
            throw APIError.badRequest("container \(requested) is not valid for pod \(name)")
        }
        return requested
    }

    /// PodLogOptions validation: integers where integers are due, none negative, sinceSeconds
    /// and limitBytes positive, not both sinceSeconds and sinceTime.
    static func validate(_ query: QueryParameters) throws {
        var causes: [APIError.Cause] = []
        for (key, minimum) in [("tailLines", 0), ("limitBytes", 1), ("sinceSeconds", 1)] {
            guard let raw = query[key] else { continue }
            guard let value = Int64(raw) else {
                throw APIError.badRequest("\(key): Invalid value: \"\(raw)\": must be an integer")
            }
            if value < minimum {
                let rule = minimum == 0 ? "must be greater than or equal to 0" : "must be greater than 0"
                causes.append(APIError.Cause(type: "FieldValueInvalid", field: key, message: "Invalid value: \(value): \(rule)"))
            }
        }
        if query["sinceSeconds"] != nil, query["sinceTime"] != nil {
            causes.append(APIError.Cause(type: "FieldValueForbidden", field: "", message: "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"))
        }
        guard causes.isEmpty else {
            let text = causes.map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" }.joined(separator: ", ")
            throw APIError(code: 422, reason: "Invalid", message: "PodLogOptions \"\" is invalid: \(text)", causes: causes)
        }
    }

    /// Percent-encodes a path segment or query value.
    static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
