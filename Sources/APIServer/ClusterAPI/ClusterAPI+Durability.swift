import Kernel

extension ClusterAPI {
    /// Runs a write and returns its result once the store has made it durable: the API
    /// acknowledges nothing that a crash could lose. Concurrent writers share one sync of the
    /// store (`Store.waitUntilDurable`); a write that failed waits for nothing.
    func durably<T>(_ write: () throws -> T) async throws -> T {
        let result = try write()
        try await store.waitUntilDurable()
        return result
    }
}
