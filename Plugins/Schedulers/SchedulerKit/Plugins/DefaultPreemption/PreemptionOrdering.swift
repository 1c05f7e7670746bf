import Foundation

/// The orderings preemption uses among pods (kube-scheduler's MoreImportantPod and
/// GetEarliestPodStartTime).
enum PreemptionOrdering {
    /// When the pod started (`status.startTime`); a pod without one (assumed, or bound but not
    /// started yet) counts as starting now, as kube-scheduler's GetPodStartTime has it.
    static func startTime(of pod: PodInfo, now: Date) -> Date {
        guard let text = pod.pod.status?.startTime, let date = try? Date(text, strategy: .iso8601) else { return now }
        return date
    }

    /// Whether `lhs` is more important than `rhs`: higher priority, then started earlier.
    static func moreImportant(_ lhs: PodInfo, _ rhs: PodInfo, now: Date) -> Bool {
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        return startTime(of: lhs, now: now) < startTime(of: rhs, now: now)
    }

    /// The earliest start time among the highest-priority pods of `victims` (nil when empty).
    static func earliestStartOfHighestPriority(_ victims: [PodInfo], now: Date) -> Date? {
        guard let first = victims.first else { return nil }
        var highest = first.priority
        var earliest = startTime(of: first, now: now)
        for victim in victims.dropFirst() {
            if victim.priority > highest {
                highest = victim.priority
                earliest = startTime(of: victim, now: now)
            } else if victim.priority == highest {
                earliest = min(earliest, startTime(of: victim, now: now))
            }
        }
        return earliest
    }
}
