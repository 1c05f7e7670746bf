import APIServer
import Controllers
import Foundation
import Kernel
import Synchronization

/// One measured scenario: nodes, initial pods bound, then measured pods created and bound;
/// prints one Markdown row.
struct Scenario {
    /// What to run.
    let settings: Settings

    /// The header of the rows `run` prints.
    static let header = """
        | Workload | Store | % scored | Nodes | Initial | Measured | Pods/s | Create/s | p50 ms | p99 ms | Measured s | Wall s | Bundle calls/pod | Bundle µs/pod | Bundle share | Wrapper ns/call | RSS KiB/node | RSS after MiB |
        |---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """

    /// The one-profile KubeSchedulerConfiguration measured.
    var configuration: JSONValue {
        var document: JSONValue = [
            "apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "KubeSchedulerConfiguration",
            "profiles": [["schedulerName": "default-scheduler"]],
        ]
        if let percentage = settings.percentage { document["percentageOfNodesToScore"] = .int(Int64(percentage)) }
        return document
    }

    /// Runs the scenario and prints its row.
    func run() async throws {
        let wallStarted = now()
        let cluster = try Cluster(kind: settings.store)
        defer { cluster.close() }
        let api = cluster.api
        let plugin = try PluginLoader.load(file: settings.bundle).get()
        let instance = try await PluginInstance.create(plugin: plugin, config: [:], label: "\(plugin.info.name)@benchmark", client: api)
        defer { instance.destroy() }
        let client = try SchedulerBundleClient(instance)
        let configuration = try SchedulerConfiguration.load(self.configuration, catalogue: FrameworkScheduler.catalogue(for: [client]))
        let scheduler = try FrameworkScheduler(client: api, configuration: configuration, bundles: [client])
        let running = Task { await scheduler.run() }
        try await Task.sleep(for: .milliseconds(300))

        // Nodes, and the memory they take once the bundle has seen them all.
        let rssBefore = residentBytes()
        let nodeEventsBefore = BundleFigures.calls(instance, "node_event")
        let zones = settings.zones
        note("creating \(settings.nodes) nodes")
        await Creators.create(api, .nodes, namespace: "", count: settings.nodes, tasks: settings.creators) { Workload.node($0, zones: zones) }
        while BundleFigures.calls(instance, "node_event") - nodeEventsBefore < settings.nodes {
            if let error = scheduler.startupError { fail("scheduler: \(error)") }
            try await Task.sleep(for: .milliseconds(10))
        }
        let rssNodes = residentBytes()

        // Initial pods, all bound before measuring.
        let watch = try await BindingWatch(api: api, fromRevision: cluster.store.currentRevision)
        defer { watch.stop() }
        let workload = settings.workload
        let colors = settings.colors
        note("creating \(settings.initial) initial pods (\(workload.rawValue)\(workload == .antiAffinity ? ", \(colors) colors" : ""))")
        await Creators.create(api, .pods, namespace: "default", count: settings.initial, tasks: settings.creators) {
            workload.pod("initial-\($0)", index: $0, colors: colors)
        }
        await watch.wait(for: settings.initial, what: "initial pods")

        // Measured pods.
        note("creating \(settings.pods) measured pods")
        let count = settings.pods
        let starts = Mutex([UInt64](repeating: 0, count: count))
        let before = BundleFigures(instance)
        let measureStarted = now()
        await Creators.create(api, .pods, namespace: "default", count: count, tasks: settings.creators, started: { index in
            let started = now()
            starts.withLock { $0[index] = started }
        }) { workload.pod("pod-\($0)", index: settings.initial + $0, colors: colors) }
        let created = now()
        await watch.wait(for: settings.initial + count, what: "measured pods")
        let bundle = BundleFigures(instance).since(before)
        let rssAfter = residentBytes()

        var lastBound = measureStarted
        var latencies: [UInt64] = []
        latencies.reserveCapacity(count)
        let startTimes = starts.withLock { $0 }
        for index in 0..<count {
            guard let bound = watch.boundAt("pod-\(index)") else { fail("pod-\(index) was not seen bound") }
            lastBound = max(lastBound, bound)
            latencies.append(bound > startTimes[index] ? bound - startTimes[index] : 0)
        }
        latencies.sort()

        scheduler.stop()
        await running.value
        note("placement: " + (try await Placement.check(api, workload: workload, nodes: settings.nodes, zones: zones)))
        note("bundle hooks over the whole run (\(settings.nodes) nodes, \(settings.initial + count) pods):")
        BundleFigures.describe(instance, pods: settings.initial + count)
        let wrapper = await BundleFigures.wrapperNanoseconds(instance, count: 200_000)

        let measured = Double(lastBound - measureStarted) / 1e9
        let creation = Double(created - measureStarted) / 1e9
        func percentile(_ fraction: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            let index = min(latencies.count - 1, Int((Double(latencies.count) * fraction).rounded(.up)) - 1)
            return format(Double(latencies[max(0, index)]) / 1e6, 1)
        }
        let pods = Double(max(1, count))
        let percentage = settings.percentage.map { "\($0)" } ?? "adaptive"
        let cells = [
            workload.rawValue + (workload == .antiAffinity ? " (\(colors) colors)" : ""), settings.store, percentage,
            "\(settings.nodes)", "\(settings.initial)", "\(count)",
            format(pods / measured, 0), format(pods / creation, 0), percentile(0.5), percentile(0.99),
            format(measured, 2), format(Double(now() - wallStarted) / 1e9, 1),
            format(Double(bundle.calls) / pods, 1), format(Double(bundle.nanoseconds) / 1e3 / pods, 1),
            format(100 * Double(bundle.nanoseconds) / 1e9 / measured, 1) + " %", format(wrapper, 0),
            format(Double(rssNodes - rssBefore) / 1024 / Double(max(1, settings.nodes)), 1),
            format(Double(rssAfter) / 1_048_576, 0),
        ]
        print("| " + cells.joined(separator: " | ") + " |")
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
