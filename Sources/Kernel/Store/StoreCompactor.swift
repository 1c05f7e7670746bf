import Logging

/// Compacts the store the way the Kubernetes API server does: every `interval`, history older
/// than the revision seen at the previous tick is dropped, so a client can resume a watch from
/// any revision younger than one interval and the log does not grow without bound.
public struct StoreCompactor: Sendable {
    /// The store to compact.
    public let store: Store
    /// Time between compactions (Kubernetes' default is 5 minutes).
    public let interval: Duration
    private let logger: Logger

    /// A compactor for `store`.
    public init(store: Store, interval: Duration = .seconds(300), logger: Logger = Logger(label: "keelson.store.compactor")) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// Runs until the task is cancelled.
    public func run() async {
        var previous = store.currentRevision
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            let current = store.currentRevision
            if previous > store.compactedRevision {
                do {
                    try store.compact(before: previous)
                    logger.debug("compacted history before revision \(previous)")
                } catch {
                    logger.warning("compaction before revision \(previous) failed: \(error)")
                }
            }
            previous = current
        }
    }
}
