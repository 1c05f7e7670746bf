import APIServer
import Foundation
import Kernel
import Node
import Testing

/// The kubelet with the default network chain: bridge-like delegating to host-local through
/// the ABI (and, for failures, a second link run by exec), from the real plugin libraries.
@Suite("Kubelet with bridge-like and host-local")
struct KubeletBridgeNetworkTests {
    @Test func aPodGetsItsAddressThroughBridgeLikeAndHostLocal() async throws {
        let dataDir = KubeletHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        let config: JSONValue = ["bridge": "cni0", "isGateway": true, "ipam": ["type": "host-local"]]
        let node = try await BridgeNetworkNode(links: [("bridge-like", config)], podCIDR: "127.244.21.0/24", dataDir: dataDir)
        do {
            try await node.createPod("web")
            let pod = try await node.pod("web", reaches: "Running")
            let ip = try #require(pod[path: "status", "podIP"]?.stringValue)
            #expect(ip == "127.244.21.2")
            #expect(pod[path: "status", "podIPs"] == [["ip": .string(ip)]])
            // host-local (the delegate) holds the address in the node's directory; bridge-like
            // recorded the attachment next to it.
            let owner = try String(contentsOfFile: "\(dataDir)/keelson/\(ip)", encoding: .utf8)
            let sandboxID = String(owner.split(separator: "\r\n").first ?? "")
            #expect(!sandboxID.isEmpty)
            #expect(FileManager.default.fileExists(atPath: "\(dataDir)/bridge-like/keelson/\(sandboxID).eth0.json"))

            _ = try await node.api.delete(.pods, namespace: "default", name: "web")
            // DEL runs bridge-like, which releases the address through host-local and then
            // forgets the attachment: wait for both.
            try await node.eventually("the address and the attachment to be released") {
                let manager = FileManager.default
                let held = manager.fileExists(atPath: "\(dataDir)/keelson/\(ip)")
                    || manager.fileExists(atPath: "\(dataDir)/bridge-like/keelson/\(sandboxID).eth0.json")
                return held ? nil : true
            }
        } catch {
            await node.stop()
            throw error
        }
        await node.stop()
    }

    @Test func aFailingLinkBecomesFailedCreatePodSandBoxWithThePluginsMessage() async throws {
        let dataDir = KubeletHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dataDir) }
        // The second link refuses ADD with the spec's code 11 and succeeds otherwise.
        let script = "\(dataDir)/busy-plugin"
        try """
        #!/bin/sh
        cat >/dev/null
        if [ "$CNI_COMMAND" = ADD ]; then
          echo '{"cniVersion":"1.1.0","code":11,"msg":"address pool is being resized","details":"retry in a moment"}'
          exit 1
        fi
        exit 0
        """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let bridge: JSONValue = ["bridge": "cni0", "ipam": ["type": "host-local"]]
        let node = try await BridgeNetworkNode(
            links: [("bridge-like", bridge), ("exec", ["binary": .string(script)])], podCIDR: "127.244.22.0/24", dataDir: dataDir)
        do {
            try await node.createPod("stuck")
            let event = try await node.eventually("a FailedCreatePodSandBox event") {
                try await node.events(about: "stuck").first { $0["reason"] == "FailedCreatePodSandBox" }
            }
            #expect(event["type"] == "Warning")
            let message = try #require(event["message"]?.stringValue)
            #expect(message.hasPrefix("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox"))
            #expect(message.contains("failed (add): address pool is being resized; retry in a moment"))
            #expect(message.contains("CNI error 11: try again later"))
            #expect(try await node.pod("stuck")[path: "status", "phase"] == "Pending")
            // The chain was rolled back: bridge-like's DEL released the first attempt's address
            // (later attempts, retried with back-off, take the next addresses round-robin).
            let held = ((try? FileManager.default.contentsOfDirectory(atPath: "\(dataDir)/keelson")) ?? []).filter { $0.hasPrefix("127.") }
            #expect(!held.contains("127.244.22.2"))
            #expect(held.count <= 1)
        } catch {
            await node.stop()
            throw error
        }
        await node.stop()
    }
}

/// A kubelet over an in-memory API with a CNI chain of real plugin libraries (the same plugin
/// `config` serving as instance config and network config, as in a cluster config).
final class BridgeNetworkNode: Sendable {
    let api: ClusterAPI
    let nodeName = "pool-net-1"
    private let instances: [PluginInstance]
    private let task: Task<Void, Never>

    init(links: [(plugin: String, config: JSONValue)], podCIDR: String, dataDir: String) async throws {
        let api = try KubeletHarness.makeAPI()
        let runtime = try await PluginInstance.create(plugin: try NodeTestPlugins.load("containerd-like"), config: [:], label: "containerd-like@net", client: api)
        var instances = [runtime]
        var chain: [(client: CNIPluginClient, netConfig: JSONValue)] = []
        for link in links {
            let instance = try await PluginInstance.create(plugin: try NodeTestPlugins.load(link.plugin), config: link.config, label: "\(link.plugin)@net", client: api)
            instances.append(instance)
            chain.append((CNIPluginClient(instance), Kubelet.networkConfig(for: PluginRef(plugin: link.plugin, config: link.config))))
        }
        var options = KubeletOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.relistPeriod = .milliseconds(50)
        options.backOff = .fixed(.milliseconds(100))
        options.cniDataDir = dataDir
        options.cniPath = ["/usr/lib/cni"]
        let kubelet = Kubelet(nodeName: nodeName, capacity: ["cpu": "4", "memory": "8Gi", "pods": "110"], podCIDR: podCIDR,
                              runtime: RuntimePluginClient(runtime), cniChain: chain, client: api, logger: KubeletHarness.logger, options: options)
        self.api = api
        self.instances = instances
        self.task = Task { await kubelet.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
        instances.forEach { $0.destroy() }
    }

    func createPod(_ name: String) async throws {
        _ = try await api.create(.pods, namespace: "default", object: KubeletHarness.pod(name, node: nodeName))
    }

    func pod(_ name: String) async throws -> JSONValue { try await api.get(.pods, namespace: "default", name: name) }

    func pod(_ name: String, reaches phase: String) async throws -> JSONValue {
        try await eventually("pod \(name) to be \(phase)") {
            let pod = try await self.pod(name)
            return pod[path: "status", "phase"]?.stringValue == phase ? pod : nil
        }
    }

    /// Events about a pod, oldest first.
    func events(about name: String) async throws -> [JSONValue] {
        try await api.list(.events, namespace: "default", labelSelector: [:]).items
            .filter { $0[path: "involvedObject", "name"]?.stringValue == name }
    }

    /// Polls `probe` every 20 ms until it returns a value or `seconds` pass.
    @discardableResult
    func eventually<T>(_ what: String, seconds: Double = 60, _ probe: () async throws -> T?) async throws -> T {
        try await KubeletHarness.poll(what, seconds: seconds, probe)
    }
}
