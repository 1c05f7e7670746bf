import APIServer
import Foundation
import Kernel

/// An in-process cluster: a store (SQLite in a temporary folder, or memory) and the API over it.
struct Cluster {
    /// The store.
    let store: Store
    /// The API the scheduler and the benchmark use.
    let api: ClusterAPI
    /// The temporary folder holding the SQLite file, nil for the memory store.
    let folder: String?

    /// Opens a fresh, bootstrapped cluster over `kind` ("sqlite" or "memory").
    init(kind: String) throws {
        if kind == "sqlite" {
            let folder = NSTemporaryDirectory() + "keelson-scheduler-benchmark-\(getpid())-\(UUID().uuidString)"
            self.folder = folder
            store = try Store(backend: SQLiteBackend(path: folder + "/store.db"))
        } else {
            folder = nil
            store = try Store(backend: MemoryBackend())
        }
        api = try ClusterAPI(store: store)
        try api.bootstrap()
    }

    /// Closes the store and removes its folder.
    func close() {
        store.close()
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
