import APIServer
import Controllers
import Foundation
import Kernel
import Logging
import Testing

/// Helpers shared by the workload and endpoints controller tests: an in-memory cluster, the
/// controllers running against it, polling with deadlines, and a stand-in kubelet.
enum WorkloadTesting {
    struct Timeout: Error, CustomStringConvertible {
        let what: String
        let last: String
        var description: String { "timed out waiting for \(what); last seen: \(last)" }
    }

    /// Options for tests: quick retries, no periodic resync (every change must be seen).
    static let options = ControllerOptions(workers: 2, resyncInterval: nil, retryBaseDelay: .milliseconds(5), retryMaxDelay: .milliseconds(500))

    static var logger: Logger {
        var logger = Logger(label: "keelson.test.controllers")
        // KEELSON_TEST_LOG=debug shows every reconcile failure and retry.
        logger.logLevel = ProcessInfo.processInfo.environment["KEELSON_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        return logger
    }

    /// Runs `body` against a bootstrapped ClusterAPI over an in-memory store, with the
    /// workload controllers running (unless `controllers` is false); stops them afterwards.
    static func withCluster(controllers: Bool = true, _ body: (ClusterAPI) async throws -> Void) async throws {
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let api = try ClusterAPI(store: store)
        try api.bootstrap()
        let manager = WorkloadControllers(client: api, logger: logger, options: options)
        let task = controllers ? Task { await manager.run() } : nil
        do {
            try await body(api)
        } catch {
            task?.cancel()
            await task?.value
            throw error
        }
        task?.cancel()
        await task?.value
    }

    /// Runs `body` against a bootstrapped ClusterAPI over an in-memory store, with what `make`
    /// returns (controllers built on one informer factory, stand-in kubelets) running beside the
    /// factory's informers; stops them afterwards.
    static func withControllers(
        defaultTolerationSeconds: DefaultTolerationSeconds = DefaultTolerationSeconds(),
        _ make: (ClusterAPI, InformerFactory) -> [@Sendable () async -> Void],
        _ body: (ClusterAPI) async throws -> Void
    ) async throws {
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let api = try ClusterAPI(store: store, defaultTolerationSeconds: defaultTolerationSeconds)
        try api.bootstrap()
        let informers = InformerFactory(client: api, logger: logger)
        let runs = make(api, informers)
        let task = Task {
            await withDiscardingTaskGroup { group in
                group.addTask { await informers.run() }
                for run in runs { group.addTask { await run() } }
            }
        }
        defer { task.cancel() }
        try await body(api)
    }

    /// Polls `probe` every 20 ms until it returns a value; fails after `timeout`. (A probe of
    /// a JSONValue must return `Optional(value)` from a ternary: a bare `nil` there is `.null`.)
    @discardableResult
    static func eventually<T>(
        _ what: String, timeout: Duration = .seconds(60), _ probe: () async throws -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var last = "nothing"
        while true {
            do {
                if let value = try await probe() { return value }
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now >= deadline { throw Timeout(what: what, last: last) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Lists objects of a namespace, optionally filtered by labels.
    static func list(_ api: ClusterAPI, _ type: ResourceType, _ namespace: String = "default", labels: [String: String] = [:]) async throws -> [JSONValue] {
        try await api.list(type, namespace: namespace, labelSelector: labels).items
    }

    /// A pod template with one container (optionally with a named port).
    static func template(labels: [String: String], image: String = "nginx:1.25", port: (name: String, number: Int64)? = nil) -> JSONValue {
        var container: JSONValue = ["name": "main", "image": .string(image)]
        if let port {
            container["ports"] = [["name": .string(port.name), "containerPort": .int(port.number), "protocol": "TCP"]]
        }
        var template: JSONValue = ["spec": ["containers": [container]]]
        template.labels = labels
        return template
    }

    /// A Deployment of `replicas` replicas selecting `labels`.
    static func deployment(_ name: String, replicas: Int64, labels: [String: String], image: String = "nginx:1.25", strategy: JSONValue? = nil) -> JSONValue {
        var spec: JSONValue = [
            "replicas": .int(replicas),
            "selector": ["matchLabels": .object(labels.mapValues(JSONValue.string))],
            "template": template(labels: labels, image: image),
        ]
        if let strategy { spec["strategy"] = strategy }
        return ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": .string(name)], "spec": spec]
    }

    /// A ReplicaSet of `replicas` replicas selecting `labels`.
    static func replicaSet(_ name: String, replicas: Int64, labels: [String: String]) -> JSONValue {
        [
            "apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": ["name": .string(name)],
            "spec": [
                "replicas": .int(replicas),
                "selector": ["matchLabels": .object(labels.mapValues(JSONValue.string))],
                "template": template(labels: labels),
            ],
        ]
    }

    /// Changes an object through a fresh read (retrying conflicts with the controllers).
    @discardableResult
    static func modify(_ api: ClusterAPI, _ type: ResourceType, _ name: String, namespace: String = "default", _ change: (inout JSONValue) -> Void) async throws -> JSONValue {
        for _ in 0..<20 {
            var object = try await api.get(type, namespace: namespace, name: name)
            change(&object)
            do {
                return try await api.update(type, namespace: namespace, object: object)
            } catch let error as APIError where error.code == 409 {
                continue
            }
        }
        throw Timeout(what: "a conflict-free update of \(name)", last: "conflicts")
    }

    /// Changes an object's status through a fresh read (retrying conflicts with the controllers).
    static func modifyStatus(_ api: ClusterAPI, _ type: ResourceType, _ name: String, namespace: String = "default", _ change: (inout JSONValue) -> Void) async throws {
        for _ in 0..<20 {
            var object = try await api.get(type, namespace: namespace, name: name)
            change(&object)
            do {
                _ = try await api.updateStatus(type, namespace: namespace, object: object)
                return
            } catch let error as APIError where error.code == 409 {
                continue
            }
        }
        throw Timeout(what: "a conflict-free status update of \(name)", last: "conflicts")
    }

    /// Plays the kubelet for one pod: binds it to `node` if unbound and reports it Running with
    /// `ip`, Ready or not.
    static func setPodState(_ api: ClusterAPI, _ pod: JSONValue, node: String = "node-a", ip: String, ready: Bool) async throws {
        let namespace = pod.namespace ?? "default"
        let name = pod.name ?? ""
        if pod[path: "spec", "nodeName"]?.stringValue == nil {
            try await api.bind(podNamespace: namespace, podName: name, nodeName: node)
        }
        for _ in 0..<20 {
            var current = try await api.get(.pods, namespace: namespace, name: name)
            let now = KubeTime.now()
            var conditions = (current[path: "status", "conditions"]?.arrayValue ?? []).filter { $0["type"]?.stringValue != "Ready" }
            conditions.append(["type": "Ready", "status": .string(ready ? "True" : "False"), "lastTransitionTime": .string(now)])
            current[path: "status", "conditions"] = .array(conditions)
            current[path: "status", "phase"] = "Running"
            current[path: "status", "podIP"] = .string(ip)
            do {
                _ = try await api.updateStatus(.pods, namespace: namespace, object: current)
                return
            } catch let error as APIError where error.code == 409 {
                continue
            }
        }
    }

    /// Finishes a pod's graceful deletion as a kubelet does once its containers are stopped.
    static func finishDeletion(_ api: ClusterAPI, _ pod: JSONValue) async {
        _ = try? await api.deleteWithOptions(.pods, namespace: pod.namespace ?? "default", name: pod.name ?? "",
                                             options: DeleteOptions(gracePeriodSeconds: 0, preconditions: DeletePreconditions(uid: pod.uid)))
    }

    /// A stand-in kubelet: every pod that appears is bound to `node-a` and reported Running
    /// and Ready with a distinct loopback IP; a pod marked for deletion is removed (grace 0).
    /// Runs until cancelled.
    static func fakeKubelet(_ api: ClusterAPI) async {
        var next = 1
        var done: Set<String> = []
        guard let stream = try? await api.watch(.pods, namespace: nil, fromRevision: 0) else { return }
        do {
            for try await event in stream where event.type != "DELETED" {
                let pod = event.object
                if pod.isBeingDeleted {
                    await finishDeletion(api, pod)
                    continue
                }
                guard let uid = pod.uid, !done.contains(uid), !pod.isPodReady else { continue }
                done.insert(uid)
                next += 1
                try? await setPodState(api, pod, ip: "127.244.0.\(next % 250 + 2)", ready: true)
            }
        } catch {}
    }
}
