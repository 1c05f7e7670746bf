import Foundation

/// Why a store operation failed.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No object under the key.
    case notFound(StoreKey)
    /// An object already exists under the key.
    case alreadyExists(StoreKey)
    /// The object changed since the revision the caller based its write on.
    case conflict(StoreKey, expected: Int64, actual: Int64)
    /// The requested revision was compacted away (the API answers 410 Gone).
    case compacted(requested: Int64, compacted: Int64)
    /// The requested revision has not been written yet.
    case futureRevision(requested: Int64, current: Int64)
    /// The storage failed, or the store is closed.
    case backend(String)

    /// A one-line explanation naming the key or revisions involved.
    public var description: String {
        switch self {
        case .notFound(let key): return "\(key) not found"
        case .alreadyExists(let key): return "\(key) already exists"
        case .conflict(let key, let expected, let actual):
            return "\(key) was modified: expected revision \(expected), current revision \(actual)"
        case .compacted(let requested, let compacted):
            return "revision \(requested) is too old: history before revision \(compacted) was compacted"
        case .futureRevision(let requested, let current):
            return "revision \(requested) is newer than the current revision \(current)"
        case .backend(let message): return "store failure: \(message)"
        }
    }
}

extension StoreError: LocalizedError {
    /// The same text as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }
}
