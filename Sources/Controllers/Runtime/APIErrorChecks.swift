import Kernel

// Free functions rather than an `APIError` extension, so they never collide with helpers the
// Kernel may add to the type later.

/// Whether an error is the API's 404 NotFound.
func isNotFound(_ error: any Error) -> Bool { (error as? APIError)?.code == 404 }

/// Whether an error is the API's 409 Conflict (a write based on a stale resourceVersion).
func isConflict(_ error: any Error) -> Bool {
    guard let error = error as? APIError else { return false }
    return error.code == 409 && error.reason == "Conflict"
}

/// Whether an error is the API's 409 AlreadyExists.
func isAlreadyExists(_ error: any Error) -> Bool {
    guard let error = error as? APIError else { return false }
    return error.code == 409 && error.reason == "AlreadyExists"
}
