import Foundation
import APIServer
import Kernel
import Node
import Testing

/// Pods through the kubelet, the real containerd-like runtime and the real host-local CNI plugin.
@Suite("kubelet: pods")
struct KubeletPodTests {
    @Test func aBoundPodRunsWithAnAddressFromTheNodesPodCIDR() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("web")
            let pod = try await harness.pod("web", reaches: "Running")
            let podIP = try #require(pod[path: "status", "podIP"]?.stringValue)
            let cidr = try IPv4CIDR(parsing: harness.podCIDR)
            #expect(IPv4Address(podIP).map(cidr.contains) == true, "\(podIP) in \(cidr)")
            #expect(pod[path: "status", "podIPs"] == [["ip": .string(podIP)]])
            #expect(pod[path: "status", "hostIP"] == "127.0.0.1")
            #expect(pod[path: "status", "startTime"]?.stringValue != nil)
            for type in ["PodScheduled", "Initialized", "ContainersReady", "Ready", "PodReadyToStartContainers"] {
                #expect(Self.condition(type, of: pod)?["status"] == "True", "\(type)")
            }
            let status = try #require(pod[path: "status", "containerStatuses"]?.arrayValue?.first)
            #expect(status["name"] == "main")
            #expect(status["ready"] == true)
            #expect(status["restartCount"] == 0)
            #expect(status[path: "state", "running", "startedAt"]?.stringValue != nil)
            #expect(status["containerID"]?.stringValue?.contains("://") == true)
            #expect(status["imageID"]?.stringValue?.isEmpty == false)
            let reasons = try await harness.events(about: "web").compactMap { $0["reason"]?.stringValue }
            for reason in ["Pulled", "Created", "Started"] {
                #expect(reasons.contains(reason), "\(reason) in \(reasons)")
            }
            // The runtime learnt the address for the sandbox's status.
            let sandboxes = try await harness.runtime.call(.listPodSandbox, [:])["items"]?.arrayValue ?? []
            let sandbox = try #require(sandboxes.first)
            let sandboxStatus = try await harness.runtime.call(.podSandboxStatus, ["podSandboxId": sandbox["id"] ?? ""])
            #expect(sandboxStatus[path: "status", "metadata", "uid"]?.stringValue == pod.uid)
        }
    }

    @Test func podsGetDistinctAddressesAndADeletedPodGivesItsAddressBack() async throws {
        // Two addresses only, so that the third pod has to wait for one to come back.
        let ipam: JSONValue = ["type": "host-local", "ranges": [[[
            "subnet": "127.244.8.0/24", "rangeStart": "127.244.8.10", "rangeEnd": "127.244.8.11",
        ]]]]
        try await KubeletHarness.with(podCIDR: "127.244.8.0/24", ipam: ipam) { harness in
            try await harness.createPod("one")
            try await harness.createPod("two")
            let one = try await harness.pod("one", reaches: "Running")
            let two = try await harness.pod("two", reaches: "Running")
            let first = try #require(one[path: "status", "podIP"]?.stringValue)
            let second = try #require(two[path: "status", "podIP"]?.stringValue)
            #expect(first != second)
            #expect(Set([first, second]) == ["127.244.8.10", "127.244.8.11"])

            // With the range used up, host-local's STATUS reports the network unavailable (the
            // kubelet then refuses the sandbox with NetworkNotReady) or its ADD fails.
            try await harness.createPod("three")
            let failure = try await harness.eventually("a warning about the network") {
                try await harness.events(about: "three").first {
                    $0["reason"] == "NetworkNotReady" || $0["reason"] == "FailedCreatePodSandBox"
                }
            }
            #expect(failure["type"] == "Warning")
            #expect(try await harness.pod("three")[path: "status", "phase"] == "Pending")

            _ = try await harness.api.delete(.pods, namespace: "default", name: "one")
            let three = try await harness.pod("three", reaches: "Running")
            #expect(three[path: "status", "podIP"]?.stringValue == first)
        }
    }

    @Test func deletingAPodRemovesItsSandboxAndContainers() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("gone")
            _ = try await harness.pod("gone", reaches: "Running")
            _ = try await harness.api.delete(.pods, namespace: "default", name: "gone")
            try await harness.eventually("the sandbox to be removed") {
                let sandboxes = try await harness.runtime.call(.listPodSandbox, [:])["items"]?.arrayValue ?? []
                let containers = try await harness.runtime.call(.listContainers, [:])["containers"]?.arrayValue ?? []
                return sandboxes.isEmpty && containers.isEmpty ? true : nil
            }
            let killing = try await harness.events(about: "gone").filter { $0["reason"] == "Killing" }
            #expect(killing.count == 1)
            try await harness.eventually("the worker to finish") { harness.kubelet.activePodUIDs.isEmpty ? true : nil }
        }
    }

    @Test func anUnknownImageWaitsWithErrImagePull() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("nope", image: "registry.example.invalid/team/nothing:1.0")
            let status = try await harness.eventually("ErrImagePull") {
                let pod = try await harness.pod("nope")
                let status = pod[path: "status", "containerStatuses"]?.arrayValue?.first
                return status?[path: "state", "waiting", "reason"] == "ErrImagePull" ? status : nil
            }
            #expect(status[path: "state", "waiting", "message"]?.stringValue?.contains("nothing") == true)
            #expect(status["ready"] == false)
            #expect(try await harness.pod("nope")[path: "status", "phase"] == "Pending")
            let warnings = try await harness.events(about: "nope").filter { $0["type"] == "Warning" && $0["reason"] == "Failed" }
            #expect(!warnings.isEmpty)
            #expect(warnings.allSatisfy { $0[path: "involvedObject", "fieldPath"] == "spec.containers{main}" })
        }
    }

    @Test func initContainersRunFirstAndARunToCompletionPodSucceeds() async throws {
        let setup: JSONValue = ["name": "setup", "image": "busybox:1.36", "command": ["sh", "-c", "exit 0"]]
        try await KubeletHarness.with { harness in
            try await harness.createPod("job", image: "busybox:1.36", command: ["sh", "-c", "exit 0"],
                                        restartPolicy: "Never", initContainers: [setup])
            let pod = try await harness.pod("job", reaches: "Succeeded")
            let initStatus = pod[path: "status", "initContainerStatuses"]?.arrayValue?.first
            #expect(initStatus?[path: "state", "terminated", "exitCode"] == 0)
            #expect(initStatus?[path: "state", "terminated", "reason"] == "Completed")
            let status = pod[path: "status", "containerStatuses"]?.arrayValue?.first
            #expect(status?[path: "state", "terminated", "exitCode"] == 0)
            #expect(Self.condition("Initialized", of: pod)?["status"] == "True")
            #expect(Self.condition("Ready", of: pod)?["reason"] == "PodCompleted")
            // A finished pod gives its sandbox back.
            try await harness.eventually("the sandbox to stop") {
                let sandboxes = try await harness.runtime.call(.listPodSandbox, [:])["items"]?.arrayValue ?? []
                return sandboxes.allSatisfy { $0["state"] == "SANDBOX_NOTREADY" } ? true : nil
            }
        }
    }

    @Test func aFailingContainerFailsTheNeverRestartingPod() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("broken", image: "busybox:1.36", command: ["sh", "-c", "exit 3"], restartPolicy: "Never")
            let pod = try await harness.pod("broken", reaches: "Failed")
            let status = pod[path: "status", "containerStatuses"]?.arrayValue?.first
            #expect(status?[path: "state", "terminated", "exitCode"] == 3)
            #expect(status?[path: "state", "terminated", "reason"] == "Error")
        }
    }

    @Test func anExitedContainerIsRestartedUnderRestartPolicyAlways() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("flaky", image: "busybox:1.36", command: ["sh", "-c", "exit 1"])
            let status = try await harness.eventually("a restart") {
                let pod = try await harness.pod("flaky")
                let status = pod[path: "status", "containerStatuses"]?.arrayValue?.first
                return (status?["restartCount"]?.intValue ?? 0) >= 2 ? status : nil
            }
            #expect(status[path: "lastState", "terminated", "exitCode"] == 1)
            #expect(try await harness.pod("flaky")[path: "status", "phase"] == "Running")
        }
    }

    @Test func aHostNetworkPodGetsTheNodesAddressAndNoCNIAttachment() async throws {
        try await KubeletHarness.with { harness in
            var pod = KubeletHarness.pod("host", node: harness.nodeName)
            pod[path: "spec", "hostNetwork"] = true
            _ = try await harness.api.create(.pods, namespace: "default", object: pod)
            let running = try await harness.pod("host", reaches: "Running")
            #expect(running[path: "status", "podIP"] == "127.0.0.1")
        }
    }

    @Test func podsBoundToOtherNodesAreLeftAlone() async throws {
        try await KubeletHarness.with { harness in
            _ = try await harness.api.create(.pods, namespace: "default", object: KubeletHarness.pod("theirs", node: "pool-b-1"))
            try await harness.createPod("mine")
            _ = try await harness.pod("mine", reaches: "Running")
            let theirs = try await harness.pod("theirs")
            #expect(theirs[path: "status", "phase"] == "Pending")
            #expect(theirs[path: "status", "containerStatuses"] == nil)
            let sandboxes = try await harness.runtime.call(.listPodSandbox, [:])["items"]?.arrayValue ?? []
            #expect(sandboxes.map { $0[path: "metadata", "name"] } == ["mine"])
        }
    }

    @Test func aRestartedNodeReleasesAddressesItsEarlierRunLeftBehind() async throws {
        // One address only: the pod can only run again if the new kubelet's CNI GC frees it.
        let ipam: JSONValue = ["type": "host-local", "ranges": [[[
            "subnet": "127.244.9.0/24", "rangeStart": "127.244.9.20", "rangeEnd": "127.244.9.20",
        ]]]]
        let api = try KubeletHarness.makeAPI()
        let directory = KubeletHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await KubeletHarness(podCIDR: "127.244.9.0/24", ipam: ipam, api: api, cniDataDir: directory)
        try await first.createPod("survivor")
        let before = try await first.pod("survivor", reaches: "Running")
        await first.stop()
        // The new kubelet comes with a new runtime instance: the pod needs a new sandbox.
        let second = try await KubeletHarness(podCIDR: "127.244.9.0/24", ipam: ipam, api: api, cniDataDir: directory)
        do {
            let after = try await second.eventually("the pod running in the new runtime") {
                let pod = try await second.pod("survivor")
                let reported = pod[path: "status", "containerStatuses"]?.arrayValue?.first?["containerID"]?.stringValue ?? ""
                let containers = try await second.runtime.call(.listContainers, [:])["containers"]?.arrayValue ?? []
                let running = containers.contains { container in
                    container["state"] == "CONTAINER_RUNNING" && reported.hasSuffix("://" + (container["id"]?.stringValue ?? "-"))
                }
                return running ? pod : nil
            }
            #expect(after[path: "status", "podIP"] == before[path: "status", "podIP"])
        } catch {
            await second.stop()
            throw error
        }
        await second.stop()
    }

    static func condition(_ type: String, of object: JSONValue) -> JSONValue? {
        (object[path: "status", "conditions"]?.arrayValue ?? []).first { $0["type"]?.stringValue == type }
    }
}
