// The controller benchmark, in one process: a store (SQLite with durable writes, or memory), the
// ClusterAPI over it, every built-in controller as `keelson up` runs them, and stand-in
// kubelets (`PodAgents`) that bind pods, report them Ready and finish deletions.
//
//   ControllerBenchmark [--replicas 1000] [--deployments 1000] [--nodes 100] [--agents 4]
//       [--creators 8] [--store sqlite|memory] [--timeout 600]
//       prints Markdown rows (see `Report`); progress goes to standard error.
import Foundation

let settings = Settings(Array(CommandLine.arguments.dropFirst()))
do {
    try await Report(settings: settings).run()
} catch {
    FileHandle.standardError.write(Data("controller benchmark: \(error)\n".utf8))
    exit(1)
}
