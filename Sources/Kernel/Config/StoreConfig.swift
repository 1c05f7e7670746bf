/// Where the cluster keeps its objects.
public struct StoreConfig: Sendable, Hashable {
    /// The storage backends.
    public enum Backend: String, Sendable, CaseIterable {
        /// An embedded SQLite file in the data dir (the default): durable before a write is acknowledged.
        case sqlite
        /// In memory: lost when the process ends; for tests and throwaway clusters.
        case memory
        /// An etcd cluster reached at `endpoints`.
        case etcd
    }

    /// The backend.
    public var backend: Backend
    /// etcd client URLs (`http://127.0.0.1:2379`); empty for the other backends.
    public var endpoints: [String]

    /// A store config; `endpoints` only matter for `.etcd`.
    public init(backend: Backend = .sqlite, endpoints: [String] = []) {
        self.backend = backend
        self.endpoints = endpoints
    }
}
