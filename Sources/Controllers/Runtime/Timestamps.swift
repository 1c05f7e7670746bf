import Foundation

/// RFC 3339 timestamps as Kubernetes writes them ("2024-05-01T12:00:00Z", whole seconds, UTC).
public enum Timestamps {
    /// Formats a date.
    public static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    /// The current time, formatted.
    public static func now() -> String { format(Date()) }

    /// Parses a timestamp, with or without fractional seconds.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(timeZone: .gmt).parse(text) { return date }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt).parse(text)
    }
}
