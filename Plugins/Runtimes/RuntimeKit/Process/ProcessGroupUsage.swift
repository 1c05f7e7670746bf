import Foundation

/// The CPU and memory a process group uses right now, read from /proc: every process whose
/// process group is the container's (`/proc/<pid>/stat` field 5).
struct ProcessGroupUsage: Sendable, Equatable {
    /// utime+stime of the live members plus cutime+cstime of the group leader (what its reaped
    /// children used), in nanoseconds.
    var cpuNanoseconds: UInt64 = 0
    /// Resident set size of the live members, in bytes.
    var rssBytes: UInt64 = 0
    /// Minor plus major page faults of the live members.
    var pageFaults: UInt64 = 0
    /// Major page faults of the live members.
    var majorPageFaults: UInt64 = 0

    private static let ticksPerSecond = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
    private static let pageSize = UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 1))

    /// Sums the usage of the processes in group `pgid`.
    static func read(pgid: pid_t) -> ProcessGroupUsage {
        var usage = ProcessGroupUsage()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return usage }
        for entry in entries {
            guard let pid = pid_t(entry), let fields = statFields(pid), fields.count > 21 else { continue }
            // fields[0] is field 3 (state): field N is fields[N - 3].
            guard pid_t(fields[2]) == pgid else { continue }
            func number(_ field: Int) -> UInt64 { UInt64(fields[field - 3]) ?? 0 }
            var ticks = number(14) + number(15)
            if pid == pgid { ticks += number(16) + number(17) }
            usage.cpuNanoseconds += ticks * 1_000_000_000 / ticksPerSecond
            usage.rssBytes += number(24) * pageSize
            usage.pageFaults += number(10) + number(12)
            usage.majorPageFaults += number(12)
        }
        return usage
    }

    /// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces).
    private static func statFields(_ pid: pid_t) -> [Substring]? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }
}
