import APIServer
import Foundation
import Kernel

/// What one pod costs crossing the ABI, alone on the machine: the host writing its JSON and the
/// bundle decoding it (`pod_new`, and a pod watch event), per pod, over many repetitions of one
/// pod as the API stores it.
enum PodCrossing {
    /// Creates one pod of the workload through the API (memory store), then times each step
    /// `settings.pods` times and prints one row per step.
    static func run(_ settings: Settings) async throws {
        let cluster = try Cluster(kind: "memory")
        defer { cluster.close() }
        let stored = try await cluster.api.create(.pods, namespace: "default", object: settings.workload.pod("probe", index: 0, colors: 1))
        let plugin = try PluginLoader.load(file: settings.bundle).get()
        let instance = try await PluginInstance.create(plugin: plugin, config: [:], label: "\(plugin.info.name)@benchmark", client: cluster.api)
        defer { instance.destroy() }
        let client = try SchedulerBundleClient(instance)
        let rounds = max(1, settings.pods)
        let bytes = SchedulerPayload.pod(stored)
        let event = WatchEvent(type: "ADDED", object: stored, revision: 1)
        func measure(_ what: String, _ body: () throws -> Void) rethrows {
            let started = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<rounds { try body() }
            let perCall = Double(DispatchTime.now().uptimeNanoseconds - started) / Double(rounds) / 1000
            print("| \(what) | \(bytes.count) | \(String(format: "%.1f", perCall)) |")
        }
        print("| Step | Pod JSON bytes | µs per pod |")
        print("|---|---:|---:|")
        measure("host writes the pod (SchedulerPayload.pod)") { _ = SchedulerPayload.pod(stored) }
        try measure("pod_new + pod_free (bundle decodes the whole pod)") { client.freePod(try client.newPod(bytes)) }
        try measure("pod_event ADDED (host writes the event, bundle reads its header)") { try client.podEvent(event) }
    }
}
