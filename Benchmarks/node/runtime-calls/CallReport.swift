import Foundation

/// The Markdown table of one runtime's call costs, each method against the `Version` peer.
struct CallReport {
    /// The plugin's name, "containerd-like".
    let runtime: String
    /// What `Version` answered: "containerd 1.7.24-keelson".
    let runtimeIdentity: String
    /// Pods alive at once in a round.
    let podsPerRound: Int
    /// Timed rounds.
    let rounds: Int
    /// One sample per method, the peer (`Version`) first.
    let samples: [CallSample]

    /// The section, heading to last table row.
    var markdown: String {
        let peer = samples.first { $0.method == "Version" }
        var lines = [
            "#### \(runtime) (\(runtimeIdentity)): \(rounds) rounds of \(podsPerRound) pods, \(samples.first?.calls ?? 0) calls per method",
            "",
            "| CRI call | calls | mean ns/call | p50 ns | p99 ns | calls/s | in plugin ns/call | × Version (p50) | × Version (mean) | × Version (in plugin) |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for sample in samples {
            let medianRatio = peer.map { $0.quantile(0.5) > 0 ? sample.quantile(0.5) / $0.quantile(0.5) : 0 } ?? 0
            let ratio = peer.map { $0.mean > 0 ? sample.mean / $0.mean : 0 } ?? 0
            let pluginRatio = peer.map { $0.pluginMean > 0 ? sample.pluginMean / $0.pluginMean : 0 } ?? 0
            let name = sample.method == "Version" ? "Version (peer: bare ABI crossing)" : sample.method
            let cells = [
                name, "\(sample.calls)", Self.decimal(sample.mean, 0), Self.decimal(sample.quantile(0.5), 0),
                Self.decimal(sample.quantile(0.99), 0), Self.decimal(sample.callsPerSecond, 0),
                Self.decimal(sample.pluginMean, 0), Self.decimal(medianRatio, 2), Self.decimal(ratio, 2), Self.decimal(pluginRatio, 1),
            ]
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }

    /// `value` with `digits` decimals.
    private static func decimal(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
