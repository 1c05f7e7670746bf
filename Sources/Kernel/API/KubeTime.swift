import Foundation

/// Kubernetes' time formats: `metav1.Time` (RFC 3339, whole seconds, UTC) and `metav1.MicroTime`.
public enum KubeTime {
    /// `metav1.Time` for now, "2025-01-31T12:00:00Z".
    public static func now() -> String { format(Date()) }

    /// `metav1.Time` of a date (fractions of a second dropped), written by `RFC3339`: every
    /// create, binding and Event stamps at least one time, and Foundation's ISO 8601 style costs
    /// microseconds per call.
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        return RFC3339.format(seconds: seconds, nanos: 0, fractionalDigits: 0)
            ?? date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// Parses a timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
    }

    /// `metav1.MicroTime` of a date, "2025-01-31T12:00:00.123456Z".
    public static func micro(_ date: Date = Date()) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int((date.timeIntervalSince1970 - seconds) * 1_000_000)
        let base = format(Date(timeIntervalSince1970: seconds))
        let digits = String(micros)
        return String(base.dropLast()) + "." + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + "Z"
    }

    /// `metav1.Time` of a CRI timestamp (nanoseconds since the epoch); nil for 0 (unset).
    public static func fromNanoseconds(_ nanos: Int64?) -> String? {
        guard let nanos, nanos > 0 else { return nil }
        return format(Date(timeIntervalSince1970: Double(nanos / 1_000_000_000)))
    }

    /// A duration for Event messages: "12ms", "1.250s".
    public static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return millis < 1000 ? "\(millis)ms" : String(format: "%.3fs", Double(millis) / 1000)
    }
}
