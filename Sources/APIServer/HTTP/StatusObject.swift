import Hummingbird
import Kernel

/// Kubernetes `Status` objects: how every failure (and a few successes) is reported.
enum StatusObject {
    /// The Status JSON for an error; `type` and `name` fill `details` for errors about an object.
    static func json(_ error: APIError, type: ResourceType? = nil, name: String? = nil) -> JSONValue {
        var status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": .string(error.message), "reason": .string(error.reason), "code": .int(Int64(error.code)),
        ]
        var details: [String: JSONValue] = [:]
        let objectReasons: Set<String> = ["NotFound", "AlreadyExists", "Conflict", "Invalid"]
        if let type, objectReasons.contains(error.reason) {
            if let name = name.flatMap({ $0.isEmpty ? nil : $0 }) ?? error.objectName, !name.isEmpty { details["name"] = .string(name) }
            if !type.group.isEmpty { details["group"] = .string(type.group) }
            details["kind"] = .string(error.reason == "Invalid" ? type.kind : type.resource)
        }
        if !error.causes.isEmpty {
            details["causes"] = .array(error.causes.map {
                ["reason": .string($0.type), "message": .string($0.message), "field": .string($0.field)]
            })
        }
        if !details.isEmpty { status["details"] = .object(details) }
        if error.reason.isEmpty { status["reason"] = nil }
        return status
    }

    /// The response for an error.
    static func response(_ error: APIError, type: ResourceType? = nil, name: String? = nil) -> Response {
        JSONResponse.make(error.code, json(error, type: type, name: name))
    }

    /// A `Status` reporting success with `code` (as for a Binding).
    static func success(_ code: Int) -> Response {
        JSONResponse.make(code, ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Success", "code": .int(Int64(code))])
    }

    /// 404 for a path that names no resource.
    static let pathNotFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    /// 405 for a method a path does not support.
    static func methodNotAllowed(_ method: String) -> APIError {
        APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource (\(method))")
    }
}
