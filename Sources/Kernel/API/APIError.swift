/// A failed API operation as Kubernetes reports it: the HTTP code, the `Status` reason and a
/// message. The API server renders it as a `Status` object; in-process callers match on `reason`.
public struct APIError: Error, Sendable, CustomStringConvertible, Equatable {
    /// HTTP status code, 404.
    public let code: Int
    /// Kubernetes `StatusReason`, "NotFound".
    public let reason: String
    /// Human-readable message in Kubernetes' wording.
    public let message: String
    /// Per-field causes for `Invalid` (field path and message).
    public let causes: [Cause]
    /// The name of the object the error is about, when the request path does not carry it (a
    /// create): the Status's `details.name`, which kubectl prints (`The Pod "web" is invalid`).
    public let objectName: String?

    /// One field-level cause of an `Invalid` error.
    public struct Cause: Sendable, Equatable {
        /// The Kubernetes cause type, "FieldValueRequired".
        public let type: String
        /// The field path, "spec.containers[0].image".
        public let field: String
        /// What is wrong.
        public let message: String
        /// Creates a cause.
        public init(type: String, field: String, message: String) {
            self.type = type
            self.field = field
            self.message = message
        }
    }

    /// Creates an error.
    public init(code: Int, reason: String, message: String, causes: [Cause] = [], objectName: String? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.causes = causes
        self.objectName = objectName
    }

    public var description: String { message }

    /// 404: `pods "web" not found`.
    public static func notFound(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)") \"\(name)\" not found")
    }
    /// 409: `pods "web" already exists`.
    public static func alreadyExists(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)") \"\(name)\" already exists")
    }
    /// 409: the update was based on a stale resourceVersion.
    public static func conflict(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on \(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)") \"\(name)\": the object has been modified; please apply your changes to the latest version and try again")
    }
    /// 410: a watch or read asked for a revision older than the compacted one.
    public static func gone(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }
    /// 400.
    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }
    /// 422 with field causes.
    public static func invalid(_ type: ResourceType, _ name: String, _ causes: [Cause]) -> APIError {
        let details = causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ")
        return APIError(code: 422, reason: "Invalid", message: "\(type.kind) \"\(name)\" is invalid: \(details)", causes: causes,
                        objectName: name)
    }
    /// 500.
    public static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }
}
