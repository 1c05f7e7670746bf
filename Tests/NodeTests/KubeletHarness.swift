import APIServer
import Foundation
import Kernel
import Logging
import Node

/// A kubelet over an in-memory API, driving the real containerd-like runtime and host-local
/// CNI libraries, with fast heartbeats, relists and back-off.
final class KubeletHarness: Sendable {
    let api: ClusterAPI
    let kubelet: Kubelet
    let nodeName: String
    let podCIDR: String
    /// The runtime instance the kubelet drives, for looking behind its back.
    let runtime: RuntimePluginClient
    private let ownedDirectory: String?
    private let task: Task<Void, Never>

    /// - Parameters:
    ///   - ipam: the host-local network config's `ipam` section; nil lets the kubelet fill in
    ///     the node's pod CIDR.
    ///   - cniDataDir: the node's host-local state directory; a fresh temporary one by default.
    init(nodeName: String = "pool-a-1", podCIDR: String = "127.244.7.0/24", ipam: JSONValue? = nil,
         options: KubeletOptions? = nil, api existing: ClusterAPI? = nil, cniDataDir: String? = nil) async throws {
        let api = try existing ?? Self.makeAPI()
        let runtimePlugin = try NodeTestPlugins.load("containerd-like")
        let cniPlugin = try NodeTestPlugins.load("host-local")
        let runtime = try await PluginInstance.create(plugin: runtimePlugin, config: [:], label: "containerd-like@\(nodeName)", client: api)
        let cni = try await PluginInstance.create(plugin: cniPlugin, config: [:], label: "host-local@\(nodeName)", client: api)
        var netConfig: JSONValue = Kubelet.networkConfig(for: PluginRef(plugin: "host-local"))
        if let ipam { netConfig["ipam"] = ipam }
        var tuned = options ?? KubeletOptions()
        if options == nil {
            tuned.heartbeatInterval = .milliseconds(200)
            tuned.relistPeriod = .milliseconds(50)
            tuned.backOff = .fixed(.milliseconds(100))
        }
        let ownedDirectory = cniDataDir == nil ? Self.temporaryDirectory() : nil
        tuned.cniDataDir = cniDataDir ?? ownedDirectory
        let kubelet = Kubelet(
            nodeName: nodeName, labels: ["topology.kubernetes.io/zone": "zone-a"],
            taints: [["key": "dedicated", "value": "batch", "effect": "NoSchedule"]],
            capacity: ["cpu": "4", "memory": "8Gi", "pods": "110"], podCIDR: podCIDR,
            runtime: RuntimePluginClient(runtime), cniChain: [(client: CNIPluginClient(cni), netConfig: netConfig)],
            client: api, logger: Self.logger, options: tuned)
        self.api = api
        self.kubelet = kubelet
        self.nodeName = nodeName
        self.podCIDR = podCIDR
        self.runtime = RuntimePluginClient(runtime)
        self.ownedDirectory = ownedDirectory
        self.task = Task { await kubelet.run() }
    }

    /// Runs `body` with a started kubelet and stops it afterwards, also when `body` throws.
    static func with(
        nodeName: String = "pool-a-1", podCIDR: String = "127.244.7.0/24", ipam: JSONValue? = nil,
        options: KubeletOptions? = nil, _ body: (KubeletHarness) async throws -> Void
    ) async throws {
        let harness = try await KubeletHarness(nodeName: nodeName, podCIDR: podCIDR, ipam: ipam, options: options)
        do {
            try await body(harness)
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }

    /// A fresh directory under the system's temporary folder.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "keelson-kubelet-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Warnings and errors only, so that test output stays readable.
    static var logger: Logger {
        var logger = Logger(label: "test.kubelet")
        logger.logLevel = .warning
        return logger
    }

    static func makeAPI() throws -> ClusterAPI {
        let api = try ClusterAPI(store: Store(backend: MemoryBackend()))
        try api.bootstrap()
        return api
    }

    /// Stops the kubelet and waits for it.
    func stop() async {
        task.cancel()
        await task.value
        if let ownedDirectory { try? FileManager.default.removeItem(atPath: ownedDirectory) }
    }

    /// A pod bound to this node.
    static func pod(_ name: String, image: String = "nginx:1.27", node: String, command: [String]? = nil,
                    restartPolicy: String = "Always", initContainers: [JSONValue] = []) -> JSONValue {
        var container: JSONValue = ["name": "main", "image": .string(image)]
        if let command { container["command"] = .array(command.map(JSONValue.string)) }
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["app": "test"]],
            "spec": ["nodeName": .string(node), "restartPolicy": .string(restartPolicy), "containers": [container]],
        ]
        if !initContainers.isEmpty { pod[path: "spec", "initContainers"] = .array(initContainers) }
        return pod
    }

    @discardableResult
    func createPod(_ name: String, image: String = "nginx:1.27", command: [String]? = nil,
                   restartPolicy: String = "Always", initContainers: [JSONValue] = []) async throws -> JSONValue {
        try await api.create(.pods, namespace: "default", object: Self.pod(
            name, image: image, node: nodeName, command: command, restartPolicy: restartPolicy, initContainers: initContainers))
    }

    func pod(_ name: String) async throws -> JSONValue {
        try await api.get(.pods, namespace: "default", name: name)
    }

    /// Polls `probe` every 20 ms until it returns a value or `seconds` pass; the last error (or
    /// `what`) is thrown on timeout.
    @discardableResult
    func eventually<T>(_ what: String, seconds: Double = 60, _ probe: () async throws -> T?) async throws -> T {
        try await Self.poll(what, seconds: seconds, probe)
    }

    /// Polls `probe` every 20 ms until it returns a value or `seconds` pass; the last error (or
    /// `what`) is thrown on timeout. Shared by the node harnesses.
    static func poll<T>(_ what: String, seconds: Double, _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var lastError: (any Error)?
        while ContinuousClock.now < deadline {
            do {
                if let value = try await probe() { return value }
            } catch {
                lastError = error
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Timeout(description: "timed out waiting for \(what)" + (lastError.map { ": \($0)" } ?? ""))
    }

    /// Waits for a pod to reach `phase` and returns it.
    func pod(_ name: String, reaches phase: String, seconds: Double = 60) async throws -> JSONValue {
        try await eventually("pod \(name) to be \(phase)", seconds: seconds) {
            let pod = try await self.pod(name)
            return pod[path: "status", "phase"]?.stringValue == phase ? pod : nil
        }
    }

    /// Events about an object, oldest first.
    func events(about name: String) async throws -> [JSONValue] {
        try await api.list(.events, namespace: "default", labelSelector: [:]).items
            .filter { $0[path: "involvedObject", "name"]?.stringValue == name }
    }

    struct Timeout: Error, CustomStringConvertible {
        let description: String
    }
}
