/// The wall-clock durations of one CRI method's calls, in nanoseconds, and what they add up to.
struct CallSample: Sendable {
    /// The CRI method, "RunPodSandbox".
    let method: String
    /// One duration per call, as the caller saw it (request JSON in, response JSON parsed).
    var nanoseconds: [UInt64] = []
    /// The time spent inside the plugin's function, as the host timed it (PluginCallStatistics),
    /// summed over the same calls.
    var pluginNanoseconds: UInt64 = 0

    /// How many calls were timed.
    var calls: Int { nanoseconds.count }

    /// Mean wall time per call.
    var mean: Double {
        nanoseconds.isEmpty ? 0 : Double(nanoseconds.reduce(0, +)) / Double(nanoseconds.count)
    }

    /// Mean time per call inside the plugin.
    var pluginMean: Double {
        nanoseconds.isEmpty ? 0 : Double(pluginNanoseconds) / Double(nanoseconds.count)
    }

    /// Sequential calls per second at the mean wall time (one caller, as the host serializes
    /// calls into one instance).
    var callsPerSecond: Double { mean > 0 ? 1e9 / mean : 0 }

    /// The `fraction` quantile (0...1) of the wall times, nearest rank.
    func quantile(_ fraction: Double) -> Double {
        guard !nanoseconds.isEmpty else { return 0 }
        let sorted = nanoseconds.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
        return Double(sorted[min(max(rank, 0), sorted.count - 1)])
    }
}
