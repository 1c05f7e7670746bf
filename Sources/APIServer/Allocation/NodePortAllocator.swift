import Kernel
import Synchronization

/// Hands out Service node ports from the node port range (30000-32767 by default), as
/// Kubernetes' port allocator does: each port belongs to at most one Service at a time, a
/// Service may ask for a specific one, and freed ports are not handed out again right away.
/// Thread-safe.
final class NodePortAllocator: Sendable {
    /// The ports handed out.
    let range: ClosedRange<Int>

    private struct State {
        var allocated: Set<Int> = []
        /// Where the next search for a free port starts.
        var cursor: Int
    }

    private let state: Mutex<State>

    /// Creates an allocator over `range`.
    init(range: ClosedRange<Int> = 30000...32767) {
        self.range = range
        state = Mutex(State(cursor: range.lowerBound))
    }

    /// The message Kubernetes gives for a port outside the range.
    var outOfRange: String { "provided port is not in the valid range. The range of valid ports is \(range.lowerBound)-\(range.upperBound)" }

    /// Allocates the next free port; nil when every port is taken.
    func allocate() -> Int? {
        state.withLock { state in
            var candidate = state.cursor
            for _ in 0..<range.count {
                if !range.contains(candidate) { candidate = range.lowerBound }
                if state.allocated.insert(candidate).inserted {
                    state.cursor = candidate == range.upperBound ? range.lowerBound : candidate + 1
                    return candidate
                }
                candidate = candidate == range.upperBound ? range.lowerBound : candidate + 1
            }
            return nil
        }
    }

    /// Claims a specific port. Returns the field message when it cannot be had, nil on success.
    func claim(_ port: Int) -> String? {
        guard range.contains(port) else { return outOfRange }
        let inserted = state.withLock { $0.allocated.insert(port).inserted }
        return inserted ? nil : "provided port is already allocated"
    }

    /// Marks a port as used without checks (rebuilding state from stored Services).
    func restore(_ port: Int) {
        guard range.contains(port) else { return }
        _ = state.withLock { $0.allocated.insert(port) }
    }

    /// Frees a port.
    func release(_ port: Int) {
        _ = state.withLock { $0.allocated.remove(port) }
    }

    /// Whether a port is currently allocated.
    func isAllocated(_ port: Int) -> Bool {
        state.withLock { $0.allocated.contains(port) }
    }
}
