import Foundation
import Kernel
import Testing

/// Cron schedules as Kubernetes reads them: next run times across fields, names, steps,
/// macros, the day-of-month/day-of-week rule, time zones, and the parse errors.
@Suite("Cron schedules")
struct CronScheduleTests {
    private let utc = TimeZone(identifier: "UTC")!

    private func date(_ text: String) -> Date { KubeTime.parse(text)! }

    private func next(_ schedule: String, after: String, zone: TimeZone? = nil) throws -> String? {
        try CronSchedule(parsing: schedule).next(after: date(after), in: zone ?? utc).map(KubeTime.format)
    }

    @Test func nextTimes() throws {
        #expect(try next("* * * * *", after: "2026-11-23T10:15:30Z") == "2026-11-23T10:16:00Z")
        #expect(try next("*/15 9-17 * * MON-FRI", after: "2026-11-21T12:00:00Z") == "2026-11-23T09:00:00Z", "Saturday goes to Monday 09:00")
        #expect(try next("*/15 9-17 * * mon-fri", after: "2026-11-23T17:45:00Z") == "2026-11-24T09:00:00Z")
        #expect(try next("0 0 1 * *", after: "2026-12-15T00:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("@hourly", after: "2026-11-23T10:00:00Z") == "2026-11-23T11:00:00Z")
        #expect(try next("@weekly", after: "2026-11-23T10:00:00Z") == "2026-11-29T00:00:00Z")
        #expect(try next("@yearly", after: "2026-11-23T10:00:00Z") == "2027-01-01T00:00:00Z")
        #expect(try next("5/20 * * * *", after: "2026-11-23T10:46:00Z") == "2026-11-23T11:05:00Z", "a/step runs to the field's end")
        #expect(try next("0 12 1,15 * *", after: "2026-11-02T00:00:00Z") == "2026-11-15T12:00:00Z")
        #expect(try next("@every 90s", after: "2026-11-23T10:00:00Z") == "2026-11-23T10:01:30Z")
        #expect(try next("0 0 30 2 *", after: "2026-01-01T00:00:00Z") == nil, "February 30 never comes")
    }

    @Test func dayOfMonthAndDayOfWeekCombine() throws {
        // Both restricted: either matches (the 1st, or a Monday).
        #expect(try next("0 0 1 * MON", after: "2026-11-23T01:00:00Z") == "2026-11-30T00:00:00Z")
        #expect(try next("0 0 1 * MON", after: "2026-11-30T01:00:00Z") == "2026-12-01T00:00:00Z")
        // One a star: both must match, so "the 1st, any weekday".
        #expect(try next("0 0 1 * *", after: "2026-11-23T01:00:00Z") == "2026-12-01T00:00:00Z")
        #expect(try next("0 0 ? * SUN", after: "2026-11-23T01:00:00Z") == "2026-11-29T00:00:00Z")
    }

    @Test func timeZones() throws {
        let tokyo = TimeZone(identifier: "Asia/Tokyo")!
        #expect(try next("0 9 * * *", after: "2026-11-23T00:30:00Z", zone: tokyo) == "2026-11-24T00:00:00Z", "09:00 in Tokyo is 00:00 UTC")
        let newYork = TimeZone(identifier: "America/New_York")!
        // 2026-03-08 02:30 does not exist in New York; the next 02:30 is a day later.
        #expect(try next("30 2 * * *", after: "2026-03-08T05:00:00Z", zone: newYork) == "2026-03-09T06:30:00Z")
    }

    @Test func problemsInKubernetesWords() {
        #expect(CronSchedule.problem("") == "empty spec string")
        #expect(CronSchedule.problem("* * * *") == #"expected exactly 5 fields, found 4: ["*", "*", "*", "*"]"#)
        #expect(CronSchedule.problem("61 * * * *") == "minute value 61 is outside [0, 59]")
        #expect(CronSchedule.problem("5-1 * * * *") == "beginning of range (5) beyond end of range (1): 5-1")
        #expect(CronSchedule.problem("*/0 * * * *") == "failed to parse int from 0 in minute")
        #expect(CronSchedule.problem("@fortnightly") == "unrecognized descriptor: @fortnightly")
        #expect(CronSchedule.problem("@every soon") == #"failed to parse duration @every soon: time: invalid duration "soon""#)
        #expect(CronSchedule.problem("TZ=UTC * * * * *") == "cannot use TZ or CRON_TZ in schedule, use timeZone field instead")
        #expect(CronSchedule.problem("0 ? * * *") == "failed to parse int from ? in hour")
        #expect(CronSchedule.problem("@Daily") == nil)
    }
}
