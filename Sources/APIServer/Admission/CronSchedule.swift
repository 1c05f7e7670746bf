/// The schedules a CronJob accepts, as Kubernetes parses them: five fields (minute, hour,
/// day of month, month, day of week), each `*`, `?` (days only), a value, a range `a-b`, any
/// of those with a `/step`, or a comma-separated list of them; month and weekday names
/// (`JAN`, `mon`); or a macro (`@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`,
/// `@yearly`, `@annually`, `@every 1h30m`).
enum CronSchedule {
    /// The macros standing for a whole schedule.
    static let macros: Set<String> = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String: Int]
        let allowsQuestionMark: Bool
    }

    private static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
                                 "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    private static let weekdays = ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]

    private static let fields = [
        Field(name: "minute", range: 0...59, names: [:], allowsQuestionMark: false),
        Field(name: "hour", range: 0...23, names: [:], allowsQuestionMark: false),
        Field(name: "day of month", range: 1...31, names: [:], allowsQuestionMark: true),
        Field(name: "month", range: 1...12, names: months, allowsQuestionMark: false),
        Field(name: "day of week", range: 0...6, names: weekdays, allowsQuestionMark: true),
    ]

    /// Why `schedule` is not a valid schedule; nil when it is.
    static func problem(_ schedule: String) -> String? {
        let trimmed = schedule.trimmingSpaces
        if trimmed.isEmpty { return "empty spec string" }
        if trimmed.hasPrefix("TZ=") || trimmed.hasPrefix("CRON_TZ=") {
            return "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"
        }
        if trimmed.hasPrefix("@") { return macroProblem(trimmed) }
        let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == fields.count else { return "expected exactly 5 fields, found \(parts.count): \(parts)" }
        for (part, field) in zip(parts, fields) {
            if let problem = fieldProblem(part, field) { return problem }
        }
        return nil
    }

    private static func macroProblem(_ text: String) -> String? {
        if macros.contains(text.lowercased()) { return nil }
        if text.hasPrefix("@every ") {
            let duration = String(text.dropFirst("@every ".count)).trimmingSpaces
            return isGoDuration(duration) ? nil : "failed to parse duration \(text): time: invalid duration \"\(duration)\""
        }
        return "unrecognized descriptor: \(text)"
    }

    private static func fieldProblem(_ text: String, _ field: Field) -> String? {
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { return "too many slashes: \(item)" }
            if pieces.count == 2 {
                guard let step = Int(pieces[1]), step > 0 else { return "failed to parse int from \(pieces[1]) in \(field.name)" }
            }
            let base = String(pieces[0])
            if base == "*" || (base == "?" && field.allowsQuestionMark) { continue }
            let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard bounds.count <= 2 else { return "too many hyphens: \(item)" }
            var values: [Int] = []
            for bound in bounds {
                guard let value = Int(bound) ?? field.names[bound.lowercased()] else {
                    return "failed to parse int from \(bound) in \(field.name)"
                }
                guard field.range.contains(value) else {
                    return "\(field.name) value \(value) is outside [\(field.range.lowerBound), \(field.range.upperBound)]"
                }
                values.append(value)
            }
            if values.count == 2 && values[0] > values[1] {
                return "beginning of range (\(values[0])) beyond end of range (\(values[1])): \(item)"
            }
        }
        return nil
    }

    /// Whether `text` is a Go duration ("1h30m", "90s", "1.5h") longer than zero.
    static func isGoDuration(_ text: String) -> Bool {
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return false }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return false }
            rest = rest.dropFirst(number.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return false }
            rest = rest.dropFirst(unit.0.count)
            total += value * unit.1
        }
        return total > 0
    }
}
