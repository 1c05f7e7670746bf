/// How long the kubelet waits before retrying a pod step or restarting an exited container.
/// Issue-4 work replaces `.fixed` with Kubernetes' doubling back-off per container; the call
/// sites already ask per key and report successes so that such a policy slots in.
public struct BackOffPolicy: Sendable {
    private let initial: Duration
    private let maximum: Duration
    private let factor: Int

    /// The same delay every time.
    public static func fixed(_ delay: Duration) -> BackOffPolicy {
        BackOffPolicy(initial: delay, maximum: delay, factor: 1)
    }

    /// A delay starting at `initial` and multiplied by `factor` on every further failure, up to `maximum`.
    public static func exponential(initial: Duration, factor: Int = 2, maximum: Duration) -> BackOffPolicy {
        BackOffPolicy(initial: initial, maximum: maximum, factor: max(1, factor))
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
}
