import Kernel

/// Why a patch could not be applied: a malformed patch document (400 BadRequest) or a
/// well-formed patch that does not apply to the object (422 Invalid), as Kubernetes answers.
enum PatchFailure: Error, Equatable, CustomStringConvertible {
    /// The patch document itself is malformed.
    case malformed(String)
    /// The patch is well formed but cannot be applied (a failed `test`, a missing path).
    case unprocessable(String)

    var description: String {
        switch self {
        case .malformed(let message), .unprocessable(let message): return message
        }
    }

    /// The `Status` error the API answers with.
    var apiError: APIError {
        switch self {
        case .malformed(let message): return .badRequest(message)
        case .unprocessable(let message): return APIError(code: 422, reason: "Invalid", message: message)
        }
    }
}
