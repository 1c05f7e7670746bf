import PluginABI

/// A call into a plugin that returned a non-OK status, with the plugin's own message.
public struct PluginCallError: Error, Sendable, CustomStringConvertible {
    /// The plugin's name.
    public let plugin: String
    /// The operation, "schedule", "RunPodSandbox".
    public let operation: String
    /// The `KEELSON_*` status it returned.
    public let status: Int32
    /// The plugin's last_error text (or what it wrote to the sink), or a generic message.
    public let message: String

    /// Creates an error.
    public init(plugin: String, operation: String, status: Int32, message: String) {
        self.plugin = plugin
        self.operation = operation
        self.status = status
        self.message = message
    }

    /// The status code's name, "NOT_FOUND".
    public var statusName: String { Self.name(of: status) }

    public var description: String { "\(plugin) \(operation): \(statusName): \(message)" }

    /// The symbolic name of a status code.
    public static func name(of status: Int32) -> String {
        switch Int(status) {
        case Int(KEELSON_OK): "OK"
        case Int(KEELSON_ERR_INVALID_ARGUMENT): "INVALID_ARGUMENT"
        case Int(KEELSON_ERR_NOT_FOUND): "NOT_FOUND"
        case Int(KEELSON_ERR_ALREADY_EXISTS): "ALREADY_EXISTS"
        case Int(KEELSON_ERR_UNSUPPORTED): "UNSUPPORTED"
        case Int(KEELSON_ERR_UNAVAILABLE): "UNAVAILABLE"
        case Int(KEELSON_ERR_INTERNAL): "INTERNAL"
        case Int(KEELSON_ERR_UNSCHEDULABLE): "UNSCHEDULABLE"
        case Int(KEELSON_ERR_TIMEOUT): "TIMEOUT"
        case Int(KEELSON_ERR_FAILED_PRECONDITION): "FAILED_PRECONDITION"
        case Int(KEELSON_ERR_CONFLICT): "CONFLICT"
        case Int(KEELSON_ERR_PERMISSION_DENIED): "PERMISSION_DENIED"
        case Int(KEELSON_ERR_TOO_LARGE): "TOO_LARGE"
        default: "STATUS_\(status)"
        }
    }
}
