import Kernel

extension ClusterAPI {
    /// Runs a store operation, turning `StoreError`s into the `APIError`s Kubernetes answers
    /// with for an object of `type` named `name`.
    static func mapStoreErrors<T>(_ type: ResourceType, _ name: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw apiError(for: error, type, name)
        }
    }

    /// The `APIError` for a `StoreError`.
    static func apiError(for error: StoreError, _ type: ResourceType, _ name: String) -> APIError {
        switch error {
        case .notFound(let key):
            return .notFound(type, key.name.isEmpty ? name : key.name)
        case .alreadyExists(let key):
            return .alreadyExists(type, key.name.isEmpty ? name : key.name)
        case .conflict(let key, _, _):
            return .conflict(type, key.name.isEmpty ? name : key.name)
        case .compacted(let requested, let compacted):
            return .gone("too old resource version: \(requested) (\(compacted))")
        case .futureRevision(let requested, let current):
            return APIError(code: 504, reason: "Timeout", message: "Too large resource version: \(requested), current: \(current)")
        case .backend(let message):
            return .internalError(message)
        }
    }
}
