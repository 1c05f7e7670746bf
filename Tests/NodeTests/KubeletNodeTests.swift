import APIServer
import Kernel
import Node
import Testing

/// Node registration and heartbeats against the real containerd-like runtime and host-local CNI.
@Suite("kubelet: node")
struct KubeletNodeTests {
    @Test func registersAReadyNodeWithCapacityLabelsTaintsAndNodeInfo() async throws {
        try await KubeletHarness.with { harness in
            let node = try await harness.eventually("a Ready node") {
                let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
                return Self.condition("Ready", of: node)?["status"]?.stringValue == "True" ? node : nil
            }
            #expect(node.labels["kubernetes.io/hostname"] == harness.nodeName)
            #expect(node.labels["kubernetes.io/os"] == "linux")
            #expect(node.labels["topology.kubernetes.io/zone"] == "zone-a")
            #expect(node[path: "spec", "podCIDR"]?.stringValue == harness.podCIDR)
            #expect(node[path: "spec", "podCIDRs"] == [.string(harness.podCIDR)])
            let taints = node[path: "spec", "taints"]?.arrayValue ?? []
            #expect(taints.contains { $0["key"] == "dedicated" && $0["effect"] == "NoSchedule" })
            #expect(!taints.contains { $0["key"] == "node.cloudprovider.kubernetes.io/uninitialized" })
            #expect(node[path: "status", "capacity", "cpu"] == "4")
            #expect(node[path: "status", "capacity", "memory"] == "8Gi")
            #expect(node[path: "status", "allocatable", "pods"] == "110")
            let info = node[path: "status", "nodeInfo"]
            let runtimeVersion = info?["containerRuntimeVersion"]?.stringValue ?? ""
            #expect(runtimeVersion.contains("://") && !runtimeVersion.hasPrefix("://"))
            #expect(info?["kubeletVersion"]?.stringValue?.hasPrefix("v1.") == true)
            #expect(info?["operatingSystem"] == "linux")
            let addresses = node[path: "status", "addresses"]?.arrayValue ?? []
            #expect(addresses.contains { $0["type"] == "InternalIP" && $0["address"] == "127.0.0.1" })
            #expect(addresses.contains { $0["type"] == "Hostname" && $0["address"] == .string(harness.nodeName) })
            // The kubelet's read-only server listens on a free port and the status advertises it.
            let port = try #require(harness.kubelet.serverPort)
            #expect(port > 0)
            #expect(node[path: "status", "daemonEndpoints", "kubeletEndpoint", "Port"] == .int(Int64(port)))
            for type in ["MemoryPressure", "DiskPressure", "PIDPressure"] {
                #expect(Self.condition(type, of: node)?["status"] == "False", "\(type)")
            }
            #expect(Self.condition("Ready", of: node)?["reason"] == "KubeletReady")
        }
    }

    @Test func heartbeatsRefreshTheConditions() async throws {
        try await KubeletHarness.with { harness in
            let first = try await harness.eventually("a heartbeat") {
                let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
                return Self.condition("Ready", of: node)?["lastHeartbeatTime"]?.stringValue
            }
            // Heartbeat times have a resolution of one second.
            let later = try await harness.eventually("a later heartbeat") {
                let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
                let time = Self.condition("Ready", of: node)?["lastHeartbeatTime"]?.stringValue
                return time != first ? time : nil
            }
            #expect(later > first)
            let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
            // The transition time stays while the status does not change.
            #expect(Self.condition("Ready", of: node)?["lastTransitionTime"]?.stringValue ?? "" <= first)
        }
    }

    @Test func anExternalCloudProviderGetsTheUninitializedTaint() async throws {
        var options = KubeletOptions()
        options.externalCloudProvider = true
        options.heartbeatInterval = .milliseconds(200)
        try await KubeletHarness.with(options: options) { harness in
            let node = try await harness.eventually("the node") {
                try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
            }
            let taints = node[path: "spec", "taints"]?.arrayValue ?? []
            #expect(taints.contains { $0["key"] == "node.cloudprovider.kubernetes.io/uninitialized" && $0["effect"] == "NoSchedule" })
        }
    }

    @Test func aRestartedKubeletKeepsTheNodeAndItsTaints() async throws {
        let api = try KubeletHarness.makeAPI()
        let first = try await KubeletHarness(api: api)
        _ = try await first.eventually("the node") {
            try await api.get(.nodes, namespace: "", name: first.nodeName)
        }
        await first.stop()
        var node = try await api.get(.nodes, namespace: "", name: first.nodeName)
        // Someone (a cloud provider, an admin) removes the taints meanwhile.
        node[path: "spec", "taints"] = nil
        _ = try await api.update(.nodes, namespace: "", object: node)
        let second = try await KubeletHarness(api: api)
        let ready = try await second.eventually("the node Ready again") {
            let node = try await api.get(.nodes, namespace: "", name: second.nodeName)
            return Self.condition("Ready", of: node)?["status"] == "True" ? node : nil
        }
        await second.stop()
        #expect(ready.uid == node.uid)
        #expect(ready[path: "spec", "taints"] == nil)
    }

    static func condition(_ type: String, of object: JSONValue) -> JSONValue? {
        (object[path: "status", "conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
    }
}
