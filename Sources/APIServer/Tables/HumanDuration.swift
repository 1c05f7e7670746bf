import Foundation
import Kernel

/// kubectl's short human durations ("45s", "3m2s", "5h", "3d4h", "2y"), as the AGE and LAST SEEN
/// columns show them.
enum HumanDuration {
    /// A duration of `seconds` in Kubernetes' human format; "<invalid>" when more than a second
    /// in the future (clock skew up to that is shown as "0s").
    static func format(seconds: Double) -> String {
        let whole = Int(seconds)
        if whole < -1 { return "<invalid>" }
        if whole < 0 { return "0s" }
        if whole < 120 { return "\(whole)s" }
        let minutes = whole / 60
        if minutes < 10 {
            let rest = whole % 60
            return rest == 0 ? "\(minutes)m" : "\(minutes)m\(rest)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = whole / 3600
        if hours < 8 {
            let rest = minutes % 60
            return rest == 0 ? "\(hours)h" : "\(hours)h\(rest)m"
        }
        if hours < 48 { return "\(hours)h" }
        let days = hours / 24
        if hours < 24 * 8 {
            let rest = hours % 24
            return rest == 0 ? "\(days)d" : "\(days)d\(rest)h"
        }
        if hours < 24 * 365 * 2 { return "\(days)d" }
        if hours < 24 * 365 * 8 {
            let rest = days % 365
            return rest == 0 ? "\(days / 365)y" : "\(days / 365)y\(rest)d"
        }
        return "\(days / 365)y"
    }

    /// The time since a `metav1.Time` timestamp; "<unknown>" when it is absent or unreadable.
    static func since(_ timestamp: JSONValue?, now: Date) -> String {
        guard let text = timestamp?.stringValue, !text.isEmpty, let date = KubeTime.parse(text) else { return "<unknown>" }
        return format(seconds: now.timeIntervalSince(date))
    }
}
