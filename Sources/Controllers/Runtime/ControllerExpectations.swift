import Kernel
import Synchronization

/// What a controller is still waiting to see in its caches after it issued creates or deletes:
/// until the watch has shown them, the caches are behind and another reconcile would create or
/// delete the same objects again. Keyed by the controller's object key; deletions are tracked
/// per dependent (by its `namespace/name`) so one seen twice is counted once.
public final class ControllerExpectations: Sendable {
    private struct Record {
        var pendingCreations: Int
        var pendingDeletions: Set<String>
        var setAt: ContinuousClock.Instant
    }

    private let records = Mutex<[ObjectKey: Record]>([:])
    /// After this long an unmet expectation is considered satisfied (something was lost).
    public let timeout: Duration

    /// Creates an empty set of expectations.
    public init(timeout: Duration = .seconds(300)) {
        self.timeout = timeout
    }

    /// Whether the controller may act on `key` again: nothing is in flight, everything in
    /// flight has been observed, or the expectation timed out.
    public func satisfied(_ key: ObjectKey) -> Bool {
        records.withLock { records in
            guard let record = records[key] else { return true }
            if record.pendingCreations <= 0 && record.pendingDeletions.isEmpty { return true }
            return ContinuousClock.now - record.setAt > timeout
        }
    }

    /// Records that `count` creations are about to be issued (replacing earlier expectations).
    public func expectCreations(_ key: ObjectKey, count: Int) {
        records.withLock { $0[key] = Record(pendingCreations: count, pendingDeletions: [], setAt: .now) }
    }

    /// Records that these dependents (by `namespace/name`) are about to be deleted (replacing
    /// earlier expectations).
    public func expectDeletions(_ key: ObjectKey, dependents: [String]) {
        records.withLock { $0[key] = Record(pendingCreations: 0, pendingDeletions: Set(dependents), setAt: .now) }
    }

    /// One creation was seen in the cache, or failed and will never be seen.
    public func creationObserved(_ key: ObjectKey) {
        records.withLock { records in
            if records[key] != nil { records[key]!.pendingCreations -= 1 }
        }
    }

    /// Lowers the pending creations by `count` (creations that were never issued).
    public func creationsSkipped(_ key: ObjectKey, count: Int) {
        records.withLock { records in
            if records[key] != nil { records[key]!.pendingCreations -= count }
        }
    }

    /// A deletion of `dependent` was seen in the cache, or failed and will never be seen.
    public func deletionObserved(_ key: ObjectKey, dependent: String) {
        records.withLock { records in
            _ = records[key]?.pendingDeletions.remove(dependent)
        }
    }

    /// Drops every expectation of a key (its object is gone).
    public func forget(_ key: ObjectKey) {
        records.withLock { _ = $0.removeValue(forKey: key) }
    }

    /// Creations and deletions still pending for a key (for tests and diagnostics).
    public func pending(_ key: ObjectKey) -> (creations: Int, deletions: Int) {
        records.withLock { records in
            guard let record = records[key] else { return (0, 0) }
            return (max(0, record.pendingCreations), record.pendingDeletions.count)
        }
    }
}
