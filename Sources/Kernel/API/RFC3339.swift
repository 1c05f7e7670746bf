/// RFC 3339 timestamps in UTC from Unix seconds, without Foundation's formatters.
public enum RFC3339 {
    /// "2024-01-02T03:04:05Z", or with `fractionalDigits` digits of the second
    /// ("2024-01-02T03:04:05.123456Z"); nil outside the years 0000-9999, as Go refuses them.
    public static func format(seconds: Int64, nanos: Int64, fractionalDigits: Int) -> String? {
        // 0000-01-01 and 10000-01-01 in Unix seconds.
        guard seconds >= -62_167_219_200, seconds < 253_402_300_800 else { return nil }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionalDigits > 0 {
            var divisor: Int64 = 1
            for _ in fractionalDigits..<9 { divisor *= 10 }
            text += "." + pad(nanos / divisor, fractionalDigits)
        }
        return text + "Z"
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (days-from-civil, inverted).
    static func civilDate(daysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
