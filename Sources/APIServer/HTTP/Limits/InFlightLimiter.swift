import Synchronization

/// Counts the read-only and mutating requests being served and refuses one more than the
/// limit allows, as Kubernetes' max-in-flight filter does.
final class InFlightLimiter: Sendable {
    private let limits: APIServerLimits
    private let counts = Mutex((readOnly: 0, mutating: 0))

    /// A limiter for `limits`.
    init(limits: APIServerLimits) {
        self.limits = limits
    }

    /// Takes a slot for a request of `kind`; false when the limit is reached.
    func acquire(_ kind: RequestClass) -> Bool {
        counts.withLock { counts in
            switch kind {
            case .longRunning:
                return true
            case .readOnly:
                guard counts.readOnly < limits.maxRequestsInFlight else { return false }
                counts.readOnly += 1
            case .mutating:
                guard counts.mutating < limits.maxMutatingRequestsInFlight else { return false }
                counts.mutating += 1
            }
            return true
        }
    }

    /// Gives back the slot `acquire` took.
    func release(_ kind: RequestClass) {
        counts.withLock { counts in
            switch kind {
            case .longRunning: break
            case .readOnly: counts.readOnly -= 1
            case .mutating: counts.mutating -= 1
            }
        }
    }
}
