import Dispatch
import Kernel

/// Totals over a bundle instance's call statistics (every hook: events, filter, score, ...).
struct BundleFigures {
    /// Calls made.
    var calls = 0
    /// Nanoseconds spent inside the bundle's functions.
    var nanoseconds: UInt64 = 0

    /// The instance's totals now.
    init(_ instance: PluginInstance) {
        for (_, operation) in instance.statistics.operations {
            calls += operation.calls
            nanoseconds += operation.totalNanoseconds
        }
    }

    /// The change since `earlier`.
    func since(_ earlier: BundleFigures) -> BundleFigures {
        var delta = self
        delta.calls -= earlier.calls
        delta.nanoseconds -= earlier.nanoseconds
        return delta
    }

    private init() {}

    /// Writes the instance's per-hook figures (calls, total ms, µs per measured pod) to
    /// standard error, busiest first.
    static func describe(_ instance: PluginInstance, pods: Int) {
        let operations = instance.statistics.operations.sorted { $0.value.totalNanoseconds > $1.value.totalNanoseconds }
        for (name, operation) in operations.prefix(12) {
            let milliseconds = Double(operation.totalNanoseconds) / 1e6
            let perPod = Double(operation.totalNanoseconds) / 1e3 / Double(max(1, pods))
            note("  \(name): \(operation.calls) calls, \(Int(milliseconds)) ms (\(Int(perPod)) µs per pod over all pods)")
        }
    }

    /// Calls of one hook so far.
    static func calls(_ instance: PluginInstance, _ operation: String) -> Int {
        instance.statistics.operations[operation]?.calls ?? 0
    }

    /// The host's own cost of one call into an instance, in nanoseconds: `callDirect` (the path
    /// every scheduler hook takes: `queue.sync`, two clock reads, the statistics update) around
    /// a body that does not enter the plugin. The statistics time only the body, so this is what
    /// a crossing costs on top of the bundle time; the C indirect call itself adds a few ns.
    /// Runs `count` calls on a dispatch thread (callDirect must not run on a Swift task).
    static func wrapperNanoseconds(_ instance: PluginInstance, count: Int) async -> Double {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let started = now()
                for _ in 0..<count {
                    _ = instance.callDirect("benchmark_empty", readsLastError: false) { _ in 0 }
                }
                continuation.resume(returning: Double(now() - started) / Double(max(1, count)))
            }
        }
    }
}
