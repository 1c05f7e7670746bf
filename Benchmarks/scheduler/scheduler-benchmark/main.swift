// The scheduler benchmark, in the style of kube-scheduler's scheduler_perf (SchedulingBasic,
// SchedulingPodAntiAffinity, TopologySpreading), in one process: a store (SQLite with durable
// writes, or memory), the ClusterAPI over it, the real default-scheduler bundle behind
// SchedulerBundleClient and the host's FrameworkScheduler.
//
//   SchedulerBenchmark [measure] --bundle libdefault-scheduler.so [--nodes 5000] [--initial 1000]
//       [--pods 10000] [--workload basic|anti-affinity|spread] [--percentage 100|adaptive]
//       [--store sqlite|memory] [--creators 8] [--zones 10]
//       prints one Markdown row (see `header`); progress goes to standard error.
//   SchedulerBenchmark header
//       prints the header of the `measure` table.
//   SchedulerBenchmark writes [--store sqlite|memory] [--writes 2000] [--creators 8]
//       the store's write rate alone, as Markdown rows.
//   SchedulerBenchmark crossing --bundle libdefault-scheduler.so [--pods 20000] [--workload basic]
//       one pod's cost crossing the ABI alone (host writing it, pod_new, pod_event), as a table.
import Foundation

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
do {
    switch settings.mode {
    case "header": print(Scenario.header)
    case "writes": try await Writes.run(settings)
    case "measure": try await Scenario(settings: settings).run()
    case "crossing": try await PodCrossing.run(settings)
    default: fail("unknown mode \(settings.mode): measure, header, writes or crossing")
    }
} catch {
    fail("\(error)")
}
