import Foundation

/// A CronJob schedule, parsed as Kubernetes parses it: five fields (minute, hour, day of
/// month, month, day of week), each `*`, `?` (days only), a value, a range `a-b`, any of those
/// with a `/step` (`a/step` runs to the field's end), or a comma-separated list of them; month
/// and weekday names (`JAN`, `mon`); or a macro (`@hourly`, `@daily`, `@midnight`, `@weekly`,
/// `@monthly`, `@yearly`, `@annually`, `@every 1h30m`). As in Kubernetes' cron library, when
/// the day of month or the day of week is a plain `*`/`?` a day must match both, otherwise
/// either.
public struct CronSchedule: Sendable, Hashable {
    /// Why a schedule does not parse, in Kubernetes' words.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        /// The message.
        public let description: String
    }

    private struct Field {
        let name: String
        let range: ClosedRange<Int>
        let names: [String: Int]
        let allowsQuestionMark: Bool
    }

    private static let macros = ["@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
                                 "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"]
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

    /// Allowed values per field (minute, hour, day of month, month, day of week).
    private let allowed: [Set<Int>]
    /// Whether day of month / day of week was a plain `*` or `?`.
    private let starDays: (month: Bool, week: Bool)
    /// `@every`: a fixed interval instead of fields.
    private let every: Duration?

    public static func == (lhs: CronSchedule, rhs: CronSchedule) -> Bool {
        lhs.allowed == rhs.allowed && lhs.starDays == rhs.starDays && lhs.every == rhs.every
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(allowed)
        hasher.combine(every)
    }

    /// Parses a schedule; throws `ParseError` with Kubernetes' message.
    public init(parsing schedule: String) throws {
        let trimmed = schedule.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { throw ParseError(description: "empty spec string") }
        if trimmed.hasPrefix("TZ=") || trimmed.hasPrefix("CRON_TZ=") {
            throw ParseError(description: "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
        }
        var text = trimmed
        if trimmed.hasPrefix("@") {
            if trimmed.hasPrefix("@every ") {
                let duration = String(trimmed.dropFirst("@every ".count)).trimmingCharacters(in: .whitespaces)
                guard let interval = GoDuration.parse(duration), interval > .zero else {
                    throw ParseError(description: "failed to parse duration \(trimmed): time: invalid duration \"\(duration)\"")
                }
                allowed = []
                starDays = (false, false)
                every = max(interval, .seconds(1))
                return
            }
            guard let expanded = Self.macros[trimmed.lowercased()] else { throw ParseError(description: "unrecognized descriptor: \(trimmed)") }
            text = expanded
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == Self.fields.count else { throw ParseError(description: "expected exactly 5 fields, found \(parts.count): \(parts)") }
        var allowed: [Set<Int>] = []
        for (part, field) in zip(parts, Self.fields) { allowed.append(try Self.values(part, field)) }
        self.allowed = allowed
        starDays = (parts[2] == "*" || parts[2] == "?", parts[4] == "*" || parts[4] == "?")
        every = nil
    }

    /// Why `schedule` is not a valid schedule; nil when it is.
    public static func problem(_ schedule: String) -> String? {
        do {
            _ = try CronSchedule(parsing: schedule)
            return nil
        } catch {
            return "\(error)"
        }
    }

    private static func values(_ text: String, _ field: Field) throws -> Set<Int> {
        var result: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = item.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count <= 2 else { throw ParseError(description: "too many slashes: \(item)") }
            var step = 1
            if pieces.count == 2 {
                guard let parsed = Int(pieces[1]), parsed > 0 else { throw ParseError(description: "failed to parse int from \(pieces[1]) in \(field.name)") }
                step = parsed
            }
            let base = String(pieces[0])
            var low = field.range.lowerBound
            var high = field.range.upperBound
            if base != "*" && !(base == "?" && field.allowsQuestionMark) {
                let bounds = base.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard bounds.count <= 2 else { throw ParseError(description: "too many hyphens: \(item)") }
                var numbers: [Int] = []
                for bound in bounds {
                    guard let value = Int(bound) ?? field.names[bound.lowercased()] else {
                        throw ParseError(description: "failed to parse int from \(bound) in \(field.name)")
                    }
                    guard field.range.contains(value) else {
                        throw ParseError(description: "\(field.name) value \(value) is outside [\(field.range.lowerBound), \(field.range.upperBound)]")
                    }
                    numbers.append(value)
                }
                if numbers.count == 2 && numbers[0] > numbers[1] {
                    throw ParseError(description: "beginning of range (\(numbers[0])) beyond end of range (\(numbers[1])): \(item)")
                }
                low = numbers[0]
                high = numbers.count == 2 ? numbers[1] : (pieces.count == 2 ? field.range.upperBound : numbers[0])
            }
            result.formUnion(stride(from: low, through: high, by: step))
        }
        return result
    }

    /// The first time strictly after `date` that the schedule fires, read in `timeZone`; nil
    /// when none comes within five years (a day that never exists, such as February 30).
    public func next(after date: Date, in timeZone: TimeZone) -> Date? {
        if let every {
            let seconds = Double(every.components.seconds)
            return Date(timeIntervalSince1970: (date.timeIntervalSince1970 + seconds).rounded(.down))
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard var moment = calendar.dateInterval(of: .minute, for: date)?.end else { return nil }
        let limit = date.addingTimeInterval(5 * 366 * 86_400)
        while moment < limit {
            let parts = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: moment)
            if !allowed[3].contains(parts.month ?? 0) {
                guard let month = calendar.dateInterval(of: .month, for: moment)?.end else { return nil }
                moment = month
            } else if !dayMatches(day: parts.day ?? 0, weekday: (parts.weekday ?? 1) - 1) {
                guard let day = calendar.dateInterval(of: .day, for: moment)?.end else { return nil }
                moment = day
            } else if !allowed[1].contains(parts.hour ?? 0) {
                guard let hour = calendar.dateInterval(of: .hour, for: moment)?.end else { return nil }
                moment = hour
            } else if !allowed[0].contains(parts.minute ?? 0) {
                moment = moment.addingTimeInterval(60)
            } else {
                return moment
            }
        }
        return nil
    }

    private func dayMatches(day: Int, weekday: Int) -> Bool {
        let inMonth = allowed[2].contains(day)
        let inWeek = allowed[4].contains(weekday)
        return starDays.month || starDays.week ? inMonth && inWeek : inMonth || inWeek
    }
}
