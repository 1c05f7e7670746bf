import Foundation

/// Kubernetes' time formats: `metav1.Time` (RFC 3339, whole seconds, UTC) and `metav1.MicroTime`.
public enum KubeTime {
    /// `metav1.Time` for now, "2025-01-31T12:00:00Z".
    public static func now() -> String { format(Date()) }

    /// `metav1.Time` of a date (fractions of a second dropped). Written by hand from the civil
    /// date of the day count: every create, binding and Event stamps at least one time, and
    /// Foundation's ISO 8601 style costs microseconds per call.
    public static func format(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = civil(daysSinceEpoch: days)
        guard (0...9999).contains(year) else { return date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt)) }
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(Int(year), 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(secondOfDay / 60 % 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            return 20
        }
    }

    /// The proleptic Gregorian year, month and day of a day count from 1970-01-01 (the
    /// well-known era-based conversion: 400-year eras of 146,097 days, years starting in March).
    static func civil(daysSinceEpoch days: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthFromMarch + 2) / 5 + 1)
        let month = Int(monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9)
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
