import Foundation
import Kernel

/// The kubelet's restart back-off for exited containers (`doBackOff`): measured from the
/// container's `finishedAt`, the first restart is immediate, the next ones wait 10 s, 20 s, 40 s…
/// up to 5 min; while waiting the container shows `CrashLoopBackOff`.
enum CrashLoopBackOff {
    /// What to do with an exited container.
    enum Decision: Equatable {
        /// Restart it now (the back-off has been advanced for the next exit).
        case restart
        /// Keep it waiting with this reason until the instant.
        case wait(ContainerWaiting, until: ContinuousClock.Instant)
    }

    /// Decides for the container `name` whose last instance `exited`.
    static func decide(container name: String, exited: ContainerSnapshot, pod: PodView, table: inout BackOffTable,
                       now: ContinuousClock.Instant, wallNow: Date = Date()) -> Decision {
        let finished = instant(ofNanoseconds: exited.finishedAt, now: now, wallNow: wallNow)
        if table.isInBackOff(name, since: finished, now: now), let delay = table.delay(name) {
            let message = "back-off \(GoDuration.format(delay)) restarting failed container=\(name) pod=\(podName(pod))"
            return .wait(ContainerWaiting(reason: "CrashLoopBackOff", message: message), until: finished + delay)
        }
        table.next(name, eventTime: finished, now: now)
        return .restart
    }

    /// The BackOff Event's message.
    static func eventMessage(container name: String, pod: PodView) -> String {
        "Back-off restarting failed container \(name) in pod \(podName(pod))"
    }

    /// A pod as the kubelet names it in messages: `name_namespace(uid)`.
    static func podName(_ pod: PodView) -> String {
        "\(pod.name)_\(pod.namespace)(\(pod.uid))"
    }

    /// A CRI timestamp (nanoseconds since the epoch) on the monotonic clock; an unset or future
    /// one counts as now.
    static func instant(ofNanoseconds nanos: Int64, now: ContinuousClock.Instant, wallNow: Date) -> ContinuousClock.Instant {
        guard nanos > 0 else { return now }
        let wallNanos = Int64(wallNow.timeIntervalSince1970 * 1_000_000_000)
        let ago = wallNanos - nanos
        return ago > 0 ? now - .nanoseconds(ago) : now
    }
}
