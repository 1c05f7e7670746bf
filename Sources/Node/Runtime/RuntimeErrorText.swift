import Kernel

/// A runtime error in the words the kubelet uses: CRI calls fail with a gRPC status, so the full
/// text is Go's `rpc error: code = NotFound desc = …` and the short one is just the description
/// (`status.Message()`, what CreateContainer and StartContainer failures show).
enum RuntimeErrorText {
    /// "rpc error: code = NotFound desc = <message>".
    static func grpc(_ error: any Error) -> String {
        guard let call = error as? PluginCallError else { return "\(error)" }
        return "rpc error: code = \(code(call.statusName)) desc = \(call.message)"
    }

    /// The error's description alone.
    static func message(_ error: any Error) -> String {
        (error as? PluginCallError)?.message ?? "\(error)"
    }

    /// The gRPC code name for an ABI status name.
    static func code(_ status: String) -> String {
        switch status {
        case "OK": "OK"
        case "INVALID_ARGUMENT": "InvalidArgument"
        case "NOT_FOUND": "NotFound"
        case "ALREADY_EXISTS": "AlreadyExists"
        case "UNSUPPORTED": "Unimplemented"
        case "UNAVAILABLE": "Unavailable"
        case "INTERNAL": "Internal"
        case "TIMEOUT": "DeadlineExceeded"
        case "FAILED_PRECONDITION": "FailedPrecondition"
        case "CONFLICT": "Aborted"
        case "PERMISSION_DENIED": "PermissionDenied"
        case "TOO_LARGE": "ResourceExhausted"
        default: "Unknown"
        }
    }
}
