/// How long the kubelet waits before retrying: a first delay doubled on every further failure up
/// to a maximum, forgotten once the thing ran for `resetAfter` without trouble. Kubernetes'
/// container restart and image pull back-offs are `.kubernetes()` (10 s doubling to 5 min,
/// reset after 10 min).
public struct BackOffPolicy: Sendable, Equatable {
    /// The first delay.
    public let initial: Duration
    /// The longest delay.
    public let maximum: Duration
    /// What each further failure multiplies the delay by.
    public let factor: Int
    /// How long something has to go without a failure for its back-off to start over.
    public let resetAfter: Duration

    /// The same delay every time.
    public static func fixed(_ delay: Duration) -> BackOffPolicy {
        BackOffPolicy(initial: delay, maximum: delay, factor: 1, resetAfter: .seconds(600))
    }

    /// A delay starting at `initial` and multiplied by `factor` on every further failure, up to
    /// `maximum`, reset after `resetAfter` without failures.
    public static func exponential(initial: Duration, factor: Int = 2, maximum: Duration, resetAfter: Duration = .seconds(600)) -> BackOffPolicy {
        BackOffPolicy(initial: initial, maximum: max(initial, maximum), factor: max(1, factor), resetAfter: resetAfter)
    }

    /// Kubernetes' back-off: `initial` (its `backOffPeriod`, 10 s) doubling up to `maximum`
    /// (`MaxContainerBackOff` or `crashLoopBackOff.maxContainerRestartPeriod`, 5 min), reset after
    /// 10 min; a maximum below the initial delay becomes the initial delay too, as the kubelet does.
    public static func kubernetes(initial: Duration = .seconds(10), maximum: Duration = .seconds(300)) -> BackOffPolicy {
        .exponential(initial: min(initial, maximum), factor: 2, maximum: maximum, resetAfter: .seconds(600))
    }

    /// The delay before retry number `failures` (1 for the first retry).
    public func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        var step = 1
        while step < failures, delay < maximum {
            delay = delay * factor
            step += 1
        }
        return min(delay, maximum)
    }

    /// The delay after `current`: multiplied by the factor, at most the maximum.
    func next(after current: Duration) -> Duration {
        min(current * factor, maximum)
    }
}
