import PluginABI
import Synchronization

/// Counts and times every call into one instance, and decides when it is unhealthy.
public final class PluginCallStatistics: Sendable {
    /// Figures for one operation.
    public struct Operation: Sendable, Equatable {
        /// Calls made.
        public var calls: Int = 0
        /// Calls that returned a non-OK status (answers such as NOT_FOUND included).
        public var failures: Int = 0
        /// Calls that returned a malfunction status (see `isMalfunction`).
        public var malfunctions: Int = 0
        /// Total time spent inside the plugin, in nanoseconds.
        public var totalNanoseconds: UInt64 = 0
        /// Longest single call, in nanoseconds.
        public var maxNanoseconds: UInt64 = 0
    }

    /// How healthy an instance is, from its own reports and its failures.
    public enum Health: String, Sendable {
        case healthy, degraded, unhealthy
    }

    /// Whether a status means the plugin malfunctioned (INTERNAL, UNAVAILABLE, TIMEOUT,
    /// TOO_LARGE) rather than answered (NOT_FOUND, UNSCHEDULABLE, INVALID_ARGUMENT, ...): only
    /// malfunctions count towards marking an instance unhealthy.
    public static func isMalfunction(_ status: Int32) -> Bool {
        switch Int(status) {
        case Int(KEELSON_ERR_INTERNAL), Int(KEELSON_ERR_UNAVAILABLE), Int(KEELSON_ERR_TIMEOUT), Int(KEELSON_ERR_TOO_LARGE): true
        default: false
        }
    }

    /// Consecutive malfunctions after which an instance is marked unhealthy.
    public static let unhealthyAfter = 5

    private struct State {
        var operations: [String: Operation] = [:]
        var consecutiveFailures = 0
        var reported: (health: Health, message: String)?
    }

    private let state = Mutex(State())

    /// Creates empty statistics.
    public init() {}

    /// Records one finished call and the status it returned.
    public func record(_ operation: String, nanoseconds: UInt64, status: Int32) {
        let malfunction = Self.isMalfunction(status)
        state.withLock { state in
            // Updated in place: one hash of the operation's name per call.
            Self.add(to: &state.operations[operation, default: Operation()], nanoseconds: nanoseconds, status: status, malfunction: malfunction)
            state.consecutiveFailures = malfunction ? state.consecutiveFailures + 1 : 0
        }
    }

    private static func add(to figures: inout Operation, nanoseconds: UInt64, status: Int32, malfunction: Bool) {
        figures.calls += 1
        figures.totalNanoseconds += nanoseconds
        figures.maxNanoseconds = max(figures.maxNanoseconds, nanoseconds)
        if status != KEELSON_OK { figures.failures += 1 }
        if malfunction { figures.malfunctions += 1 }
    }

    /// Records what the plugin reported about itself through the host table.
    public func report(_ health: Health, message: String) {
        state.withLock { $0.reported = (health, message) }
    }

    /// Figures per operation.
    public var operations: [String: Operation] { state.withLock { $0.operations } }

    /// The instance's health: unhealthy after `unhealthyAfter` consecutive malfunctions, otherwise
    /// what it last reported (healthy when it never did), with the reason.
    public var health: (health: Health, message: String) {
        state.withLock { state in
            if state.consecutiveFailures >= Self.unhealthyAfter {
                return (.unhealthy, "\(state.consecutiveFailures) consecutive calls failed with internal errors")
            }
            return state.reported ?? (.healthy, "")
        }
    }
}
