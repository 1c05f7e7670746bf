import PluginABI

/// An error a Swift plugin throws to fail a call: the status code the host sees and the
/// message it reads through `last_error` (or the create error sink).
public struct PluginError: Error, CustomStringConvertible, Sendable {
    /// One of the `KEELSON_ERR_*` codes.
    public var status: keelson_status
    /// A one-line, human-readable reason.
    public var message: String

    /// Creates an error with a status code and a message.
    public init(_ status: Int32, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { message }

    /// The request or config is malformed.
    public static func invalidArgument(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_INVALID_ARGUMENT), message) }
    /// The named object does not exist.
    public static func notFound(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_NOT_FOUND), message) }
    /// The object exists already.
    public static func alreadyExists(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_ALREADY_EXISTS), message) }
    /// The object is in the wrong state for this operation.
    public static func failedPrecondition(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_FAILED_PRECONDITION), message) }
    /// The operation is not implemented by this plugin.
    public static func unsupported(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_UNSUPPORTED), message) }
    /// Something unexpected happened inside the plugin.
    public static func internalError(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_INTERNAL), message) }
    /// A transient condition; the host may retry.
    public static func unavailable(_ message: String) -> PluginError { .init(Int32(KEELSON_ERR_UNAVAILABLE), message) }
}
