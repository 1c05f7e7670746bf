import APIServer
import Controllers
import Foundation
import Kernel
import Logging

/// The measured scenarios, each on a fresh cluster: the store, the API, every built-in
/// controller (`WorkloadControllers`, as `keelson up` runs them) and the stand-in kubelets.
struct Scenarios {
    let settings: Settings

    /// A fresh cluster with its controllers and agents running; `body` gets the API and the
    /// controllers' shared informers (the waits read those caches, not the API).
    func withCluster(_ body: (ClusterAPI, InformerFactory) async throws -> Void) async throws {
        let folder = NSTemporaryDirectory() + "keelson-controller-benchmark-\(getpid())-\(UUID().uuidString)"
        let store = settings.store == "sqlite"
            ? try Store(backend: SQLiteBackend(path: folder + "/store.db")) : try Store(backend: MemoryBackend())
        defer {
            store.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
        let api = try ClusterAPI(store: store)
        try api.bootstrap()
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        // Nodes are not what is measured: their lifecycle controller gets an hour of grace.
        let controllers = WorkloadControllers(client: api, logger: logger, nodeLifecycle: NodeLifecycleOptions(
            monitorPeriod: .seconds(5), gracePeriod: .seconds(3600), startupGracePeriod: .seconds(3600)))
        for index in 0..<settings.nodes {
            _ = try await api.create(.nodes, namespace: "", object: [
                "apiVersion": "v1", "kind": "Node", "metadata": ["name": .string("bench-\(index)")],
                "status": ["conditions": [["type": "Ready", "status": "True"]]],
            ])
        }
        let agents = PodAgents(api: api, nodes: settings.nodes, workers: settings.agents, logger: logger)
        let running = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await controllers.run() }
                group.addTask { await agents.run() }
            }
        }
        defer { running.cancel() }
        await controllers.informers.waitUntilSynced()
        try await body(api, controllers.informers)
        running.cancel()
        await running.value
    }

    /// The ceiling: the same number of bare pods created by `creators` tasks through the API,
    /// taken to Ready by the same agents: what any controller's pods cost at least.
    func barePods() async throws -> Double {
        var seconds = 0.0
        try await withCluster { api, informers in
            let started = ContinuousClock.now
            await createConcurrently(api, .pods, count: settings.replicas) { Templates.pod("bare-\($0)") }
            try await waitUntil("\(settings.replicas) bare pods Ready") {
                informers.informer(for: .pods).list().filter(\.isPodReady).count == settings.replicas
            }
            seconds = elapsed(since: started)
        }
        return seconds
    }

    /// One Deployment of `replicas` replicas: seconds until it is Available with every replica
    /// ready, then seconds until a new image has rolled out completely (the old ReplicaSet at 0,
    /// its pods gone).
    func deployment() async throws -> (available: Double, rollover: Double) {
        var result = (0.0, 0.0)
        try await withCluster { api, informers in
            let started = ContinuousClock.now
            _ = try await api.create(.deployments, namespace: "default", object: Templates.deployment("web", replicas: settings.replicas, image: "nginx:1.26"))
            try await waitUntil("web available") { complete(informers, "web", generation: 1) }
            result.0 = elapsed(since: started)

            let rolled = ContinuousClock.now
            var web = try await api.get(.deployments, namespace: "default", name: "web")
            web[path: "spec", "template", "spec"] = Templates.podSpec(image: "nginx:1.27")
            _ = try await api.update(.deployments, namespace: "default", object: web)
            try await waitUntil("web rolled over") {
                complete(informers, "web", generation: 2) && informers.informer(for: .pods).list().count == settings.replicas
            }
            result.1 = elapsed(since: rolled)
        }
        return result
    }

    /// `deployments` Deployments of one replica each, created by `creators` tasks: seconds until
    /// every one is Available.
    func manyDeployments() async throws -> Double {
        var seconds = 0.0
        try await withCluster { api, informers in
            let started = ContinuousClock.now
            await createConcurrently(api, .deployments, count: settings.deployments) {
                Templates.deployment("app-\($0)", replicas: 1, image: "nginx:1.27")
            }
            try await waitUntil("\(settings.deployments) deployments available") {
                informers.informer(for: .deployments).list().filter { $0[path: "status", "availableReplicas"]?.intValue == 1 }.count == settings.deployments
            }
            seconds = elapsed(since: started)
        }
        return seconds
    }

    /// Creates `count` objects in `default` from `settings.creators` tasks, each taking every
    /// creators-th index.
    private func createConcurrently(_ api: ClusterAPI, _ type: ResourceType, count: Int, _ make: @escaping @Sendable (Int) -> JSONValue) async {
        let creators = settings.creators
        await withDiscardingTaskGroup { group in
            for creator in 0..<creators {
                group.addTask {
                    for index in stride(from: creator, to: count, by: creators) {
                        _ = try? await api.create(type, namespace: "default", object: make(index))
                    }
                }
            }
        }
    }

    /// Whether the Deployment has observed `generation` and all its replicas are updated and available.
    private func complete(_ informers: InformerFactory, _ name: String, generation: Int64) -> Bool {
        let status = informers.informer(for: .deployments).get(namespace: "default", name: name)?["status"] ?? [:]
        let replicas = Int64(settings.replicas)
        return status["observedGeneration"]?.intValue ?? 0 >= generation && status["updatedReplicas"]?.intValue == replicas
            && status["availableReplicas"]?.intValue == replicas && status["replicas"]?.intValue == replicas
    }

    /// Polls `condition` every 50 ms; fails after `settings.timeout` seconds.
    private func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(settings.timeout)
        while try await !condition() {
            if ContinuousClock.now > deadline { throw BenchmarkError("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// Seconds since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Double {
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) + Double(attoseconds) / 1e18
}

/// A failed run.
struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
