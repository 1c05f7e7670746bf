/// Go's `time.Duration` text, the form Kubernetes' configuration files and messages use:
/// parsing ("1m30s", "300ms", "1.5h") and printing ("10s", "5m0s", "1h2m3.5s", "250ms").
public enum GoDuration {
    private static let units: [(name: String, nanoseconds: Double)] = [
        ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
    ]

    /// Parses a duration: an optional sign, then one or more decimal numbers (with an optional
    /// fraction) each followed by a unit (ns, us, µs, ms, s, m, h); "0" alone is allowed. Nil when
    /// the text is not a duration.
    public static func parse(_ text: String) -> Duration? {
        if text == "0" || text == "+0" || text == "-0" { return .zero }
        var rest = Substring(text)
        var sign = 1.0
        if rest.first == "-" { sign = -1; rest = rest.dropFirst() } else if rest.first == "+" { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        var total = 0.0
        while !rest.isEmpty {
            let whole = rest.prefix(while: isDigit)
            rest = rest.dropFirst(whole.count)
            var fraction = Substring("")
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: isDigit)
                rest = rest.dropFirst(fraction.count)
            }
            guard whole.count + fraction.count > 0, let number = Double("0\(whole).\(fraction)0") else { return nil }
            // The longest unit name that matches ("ms" before "m").
            guard let unit = units.filter({ rest.hasPrefix($0.name) }).max(by: { $0.name.count < $1.name.count }) else { return nil }
            rest = rest.dropFirst(unit.name.count)
            total += number * unit.nanoseconds
        }
        guard total < 9.2e18 else { return nil }
        return .nanoseconds(Int64((sign * total).rounded()))
    }

    /// Prints a duration as Go's `Duration.String` does: "0s", "750ms", "1.5s", "10s",
    /// "1m20s", "5m0s", "1h0m0s".
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var nanos = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if nanos == 0 { return "0s" }
        let negative = nanos < 0
        if negative { nanos = -nanos }
        var text: String
        if nanos < 1_000_000_000 {
            if nanos < 1_000 {
                text = "\(nanos)ns"
            } else if nanos < 1_000_000 {
                text = decimal(nanos, scale: 1_000) + "µs"
            } else {
                text = decimal(nanos, scale: 1_000_000) + "ms"
            }
        } else {
            let hours = nanos / 3_600_000_000_000
            let minutes = (nanos / 60_000_000_000) % 60
            let rest = nanos % 60_000_000_000
            text = decimal(rest, scale: 1_000_000_000) + "s"
            if hours > 0 || minutes > 0 { text = "\(minutes)m" + text }
            if hours > 0 { text = "\(hours)h" + text }
        }
        return negative ? "-" + text : text
    }

    /// `value / scale` with the fraction's trailing zeros dropped ("1.5", "20").
    private static func decimal(_ value: Int64, scale: Int64) -> String {
        let whole = value / scale
        let fraction = value % scale
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        let width = String(scale).count - 1
        digits = String(repeating: "0", count: width - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }
}
