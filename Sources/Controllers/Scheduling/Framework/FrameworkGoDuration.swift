/// Durations written as Go's `time.Duration` prints them ("10s", "1m30s", "500ms", "1.5s"),
/// for messages kube-scheduler formats with `%v`.
enum FrameworkGoDuration {
    /// The Go spelling of `duration` (millisecond precision).
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let totalMillis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        if totalMillis == 0 { return "0s" }
        if totalMillis < 1000 { return "\(totalMillis)ms" }
        let hours = totalMillis / 3_600_000
        let minutes = (totalMillis % 3_600_000) / 60000
        let millis = totalMillis % 60000
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if hours > 0 || minutes > 0 { text += "\(minutes)m" }
        let wholeSeconds = millis / 1000
        let fraction = millis % 1000
        if fraction == 0 {
            text += "\(wholeSeconds)s"
        } else {
            var digits = String(fraction)
            digits = String(repeating: "0", count: 3 - digits.count) + digits
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "\(wholeSeconds).\(digits)s"
        }
        return text
    }
}
