import Kernel
import Testing

@testable import Node

/// The kubelet's pure parts: CNI config defaults, DNS, environment, phase, back-off.
@Suite("kubelet: parts")
struct KubeletPartsTests {
    @Test func aBareHostLocalConfigGetsTheNodesRange() {
        let config = NetworkDefaults.complete(["type": "host-local"], podCIDR: "127.244.3.0/24", networkName: "keelson", cniVersion: "1.1.0")
        #expect(config["cniVersion"] == "1.1.0")
        #expect(config["name"] == "keelson")
        #expect(config[path: "ipam", "ranges"] == [[["subnet": "127.244.3.0/24"]]])
        let chained = NetworkDefaults.complete(["type": "bridge-like", "ipam": ["type": "host-local"]], podCIDR: "127.244.3.0/24", networkName: "n", cniVersion: "1.0.0")
        #expect(chained[path: "ipam", "ranges"] == [[["subnet": "127.244.3.0/24"]]])
        let given: JSONValue = ["type": "host-local", "cniVersion": "1.0.0", "ipam": ["type": "host-local", "ranges": [[["subnet": "127.244.9.0/28"]]]]]
        #expect(NetworkDefaults.complete(given, podCIDR: "127.244.3.0/24", networkName: "n", cniVersion: "1.1.0") == given.merging(name: "n"))
    }

    @Test func clusterFirstPodsUseTheClusterDNS() {
        var options = KubeletOptions()
        let pod = PodView(pod: ["metadata": ["name": "a", "namespace": "shop"], "spec": [:]])
        options.resolverConfig = ""
        // No cluster DNS known: ClusterFirst falls back to Default (the node's resolver).
        #expect(PodDNS.config(for: pod, options: options) == ["servers": ["127.0.0.1"], "searches": ["."], "options": []])
        options.clusterDNS = ["127.96.0.10"]
        let dns = PodDNS.config(for: pod, options: options)
        #expect(dns?["servers"] == ["127.96.0.10"])
        #expect(dns?["searches"] == ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"])
        #expect(dns?["options"] == ["ndots:5"])
        let custom = PodView(pod: ["metadata": ["name": "a", "namespace": "shop"], "spec": [
            "dnsPolicy": "None", "dnsConfig": ["nameservers": ["127.0.0.53"], "options": [["name": "ndots", "value": "2"]]],
        ]])
        #expect(PodDNS.config(for: custom, options: options) == ["servers": ["127.0.0.53"], "searches": [], "options": ["ndots:2"]])
    }

    @Test func environmentExpandsReferencesAndDownwardFields() async throws {
        let pod = PodView(pod: ["metadata": ["name": "web", "namespace": "shop", "uid": "u1", "labels": ["app": "shop"]], "spec": [:]])
        let container = ContainerSpec(json: ["name": "c", "env": [
            ["name": "IP", "valueFrom": ["fieldRef": ["fieldPath": "status.podIP"]]],
            ["name": "URL", "value": "http://$(IP):8080/$(MISSING)/$$(IP)"],
            ["name": "APP", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['app']"]]],
            ["name": "NS", "valueFrom": ["fieldRef": ["fieldPath": "metadata.namespace"]]],
        ]], index: 0, isInit: false)
        let environment = ContainerEnvironment(pod: pod, podIPs: ["127.244.0.5"], hostIP: "127.0.0.1", nodeName: "n1")
        let variables = Dictionary(try await environment.variables(for: container), uniquingKeysWith: { a, _ in a })
        #expect(variables["IP"] == "127.244.0.5")
        #expect(variables["URL"] == "http://127.244.0.5:8080/$(MISSING)/$(IP)")
        #expect(variables["APP"] == "shop")
        #expect(variables["NS"] == "shop")
    }

    @Test func pullPolicyDefaultsFollowTheTag() {
        func policy(_ image: String) -> String { ContainerSpec(json: ["name": "c", "image": .string(image)], index: 0, isInit: false).pullPolicy }
        #expect(policy("nginx") == "Always")
        #expect(policy("nginx:latest") == "Always")
        #expect(policy("nginx:1.27") == "IfNotPresent")
        #expect(policy("localhost:5000/app") == "Always")
        #expect(policy("nginx@sha256:abc") == "IfNotPresent")
    }

    @Test func backOffPolicies() {
        #expect(BackOffPolicy.fixed(.seconds(1)).delay(afterFailures: 5) == .seconds(1))
        let exponential = BackOffPolicy.exponential(initial: .seconds(10), maximum: .seconds(300))
        #expect(exponential.delay(afterFailures: 1) == .seconds(10))
        #expect(exponential.delay(afterFailures: 3) == .seconds(40))
        #expect(exponential.delay(afterFailures: 10) == .seconds(300))
    }

    @Test func cniResultsGiveOneAddressPerFamily() {
        let runtime = CNIRuntimeConf(containerID: "c", netns: "/n", ifName: "eth0", args: [], path: [])
        let attachment = NetworkAttachment(runtime: runtime, result: ["ips": [
            ["address": "127.244.0.7/24"], ["address": "fd00::7/64"], ["address": "127.244.0.8/24"],
        ]])
        #expect(attachment.podIPs == ["127.244.0.7", "fd00::7"])
    }

    @Test func nodeReadinessFollowsRuntimeAndNetwork() {
        let ready = RuntimeCondition(status: true, reason: "", message: "")
        let healthy = NodeHealth.assess(runtimeConditions: ["RuntimeReady": ready, "NetworkReady": ready], runtimeError: nil, cniProblem: nil)
        #expect(healthy.isReady)
        let noNetwork = NodeHealth.assess(runtimeConditions: ["RuntimeReady": ready], runtimeError: nil, cniProblem: "cni config uninitialized")
        #expect(!noNetwork.isReady)
        #expect(noNetwork.message.contains("NetworkReady=false"))
        let down = NodeHealth.assess(runtimeConditions: nil, runtimeError: "UNAVAILABLE", cniProblem: nil)
        #expect(down.message.hasPrefix("container runtime is down"))
    }
}

extension JSONValue {
    fileprivate func merging(name: String) -> JSONValue {
        var copy = self
        copy["name"] = .string(name)
        return copy
    }
}
