import Foundation
import Kernel
import Testing
@testable import Node

/// Building pod and node status as the kubelet does: phases from container statuses, CRI
/// resources and annotations, the node's images and Ready message.
@Suite("kubelet: status building")
struct KubeletStatusBuildingTests {
    private static let running: JSONValue = ["state": ["running": ["startedAt": "2025-01-01T00:00:00Z"]]]
    private static func terminated(_ code: Int64) -> JSONValue { ["state": ["terminated": ["exitCode": .int(code)]]] }
    private static let creating: JSONValue = ["state": ["waiting": ["reason": "ContainerCreating"]]]
    private static func crashLooping(lastExit: Int64) -> JSONValue {
        ["state": ["waiting": ["reason": "CrashLoopBackOff"]], "lastState": ["terminated": ["exitCode": .int(lastExit)]]]
    }

    private func phase(_ policy: String, _ statuses: [JSONValue], initStatuses: [JSONValue] = []) -> String {
        PodPhase.compute(restartPolicy: policy, initStatuses: initStatuses, statuses: statuses, containerCount: statuses.count)
    }

    @Test func phasesFollowKubernetesGetPhase() {
        #expect(phase("Always", [Self.creating]) == "Pending")
        #expect(phase("Always", [Self.running, Self.creating]) == "Pending")
        #expect(phase("Always", [Self.running]) == "Running")
        // A crash-looping container has run: the pod is Running under Always and OnFailure.
        #expect(phase("Always", [Self.crashLooping(lastExit: 1)]) == "Running")
        #expect(phase("OnFailure", [Self.crashLooping(lastExit: 1)]) == "Running")
        #expect(phase("Always", [Self.terminated(0)]) == "Running")
        #expect(phase("OnFailure", [Self.terminated(0)]) == "Succeeded")
        #expect(phase("OnFailure", [Self.terminated(0), Self.terminated(2)]) == "Running")
        #expect(phase("Never", [Self.terminated(0), Self.terminated(2)]) == "Failed")
        #expect(phase("Never", [Self.terminated(0), Self.terminated(0)]) == "Succeeded")
        #expect(phase("Never", [Self.terminated(0), Self.running]) == "Running")
    }

    @Test func initContainersKeepThePodPendingOrFailIt() {
        let initializing: JSONValue = ["state": ["waiting": ["reason": "PodInitializing"]]]
        #expect(phase("Always", [initializing], initStatuses: [Self.running]) == "Pending")
        #expect(phase("Always", [initializing], initStatuses: [Self.crashLooping(lastExit: 1)]) == "Pending")
        #expect(phase("Never", [initializing], initStatuses: [Self.terminated(1)]) == "Failed")
        #expect(phase("Never", [Self.running], initStatuses: [Self.terminated(0)]) == "Running")
    }

    @Test func anOOMKilledContainerKeepsTheRuntimesReason() {
        let snapshot = ContainerSnapshot(status: [
            "id": "abc", "state": "CONTAINER_EXITED", "exitCode": 137, "reason": "OOMKilled",
            "startedAt": "1700000000000000000", "finishedAt": "1700000005000000000",
        ], fallbackID: "abc")
        let terminated = PodStatusBuilder.terminated(snapshot, runtime: RuntimeIdentity(name: "containerd", version: "1.7", apiVersion: "v1"))
        #expect(terminated["reason"] == "OOMKilled")
        #expect(terminated["exitCode"] == 137)
        #expect(terminated["containerID"] == "containerd://abc")
        #expect(terminated["startedAt"] == "2023-11-14T22:13:20Z")
        #expect(terminated["finishedAt"] == "2023-11-14T22:13:25Z")
        let plain = ContainerSnapshot(status: ["id": "x", "state": "CONTAINER_EXITED", "exitCode": 2], fallbackID: "x")
        #expect(PodStatusBuilder.terminated(plain, runtime: nil)["reason"] == "Error")
    }

    @Test func cpuAndMemoryBecomeCRILinuxResources() {
        let pod = PodView(pod: ["metadata": ["name": "p", "uid": "u"], "spec": ["containers": [[
            "name": "app", "image": "nginx",
            "resources": ["requests": ["cpu": "250m", "memory": "64Mi"], "limits": ["cpu": "500m", "memory": "128Mi"]],
        ]]]])
        let container = pod.containers[0]
        let resources = ContainerResources.linux(container, pod: pod, nodeMemory: 8 << 30)
        #expect(resources["cpuShares"] == "256")
        #expect(resources["cpuPeriod"] == "100000")
        #expect(resources["cpuQuota"] == "50000")
        #expect(resources["memoryLimitInBytes"] == "134217728")
        // Burstable: 1000 - 1000 * 64Mi / 8Gi = 993 (integer arithmetic).
        #expect(resources["oomScoreAdj"] == "993")
        let config = ContainerConfigBuilder.build(container, pod: pod, attempt: 0, variables: [])
        #expect(config[path: "linux", "resources", "memoryLimitInBytes"] == "134217728")

        // Only a limit: shares from the limit; Guaranteed (requests default to limits): -997.
        let limited = PodView(pod: ["metadata": ["name": "p"], "spec": ["containers": [[
            "name": "app", "image": "nginx", "resources": ["limits": ["cpu": "1", "memory": "1Gi"]],
        ]]]])
        let guaranteed = ContainerResources.linux(limited.containers[0], pod: limited, nodeMemory: 8 << 30)
        #expect(guaranteed["cpuShares"] == "1024")
        #expect(guaranteed["oomScoreAdj"] == "-997")
        // Nothing asked: minimal shares, no quota, no memory limit, BestEffort's 1000.
        let bare = PodView(pod: ["metadata": ["name": "p"], "spec": ["containers": [["name": "app", "image": "nginx"]]]])
        let bestEffort = ContainerResources.linux(bare.containers[0], pod: bare, nodeMemory: 8 << 30)
        #expect(bestEffort["cpuShares"] == "2")
        #expect(bestEffort["cpuQuota"] == "0")
        #expect(bestEffort["memoryLimitInBytes"] == nil)
        #expect(bestEffort["oomScoreAdj"] == "1000")
        #expect(ContainerResources.cpuShares(milliCPU: 1) == 2)
        #expect(ContainerResources.cpuQuota(milliCPU: 1, period: 100_000) == 1_000)
    }

    @Test func containerAnnotationsCarryTheKubeletsAndTheRuntimeDirectedPodAnnotations() {
        let pod = PodView(pod: [
            "metadata": ["name": "p", "uid": "u", "annotations": ["keelson.dev/memory-growth": "10Mi/s", "team": "shop"]],
            "spec": ["terminationGracePeriodSeconds": 5, "containers": [[
                "name": "app", "image": "nginx", "ports": [["containerPort": 80]],
            ]]],
        ])
        let config = ContainerConfigBuilder.build(pod.containers[0], pod: pod, attempt: 2, variables: [])
        let annotations = config["annotations"]
        #expect(annotations?["keelson.dev/memory-growth"] == "10Mi/s")
        #expect(annotations?["team"] == nil, "only keelson.dev/ annotations go to containers; all go to the sandbox")
        #expect(annotations?["io.kubernetes.container.restartCount"] == "2")
        #expect(annotations?["io.kubernetes.pod.terminationGracePeriod"] == "5")
        #expect(annotations?["io.kubernetes.container.ports"] == #"[{"containerPort":80}]"#)
        #expect(annotations?["io.kubernetes.container.hash"]?.stringValue?.isEmpty == false)
        #expect(config["metadata"] == ["name": "app", "attempt": 2])
    }

    @Test func nodeImagesAreLargestFirstCappedWithFiveNamesEach() {
        let images: [JSONValue] = (0..<60).map { index in
            ["id": .string("sha256:\(index)"), "repoTags": .array((0..<7).map { .string("repo\(index):\($0)") }),
             "repoDigests": [.string("repo\(index)@sha256:d\(index)")], "size": .string(String(1000 + index % 10))]
        }
        let listed = NodeStatusBuilder.nodeImages(images)
        #expect(listed.count == 50)
        let sizes = listed.compactMap { $0["sizeBytes"]?.intValue }
        #expect(sizes == sizes.sorted(by: >))
        #expect(listed[0]["names"]?.arrayValue?.count == 5)
        #expect(listed[0]["names"]?.arrayValue?.first?.stringValue?.contains("@sha256:") == true, "digests first")
        #expect(NodeStatusBuilder.nodeImages(images, maximum: -1).count == 60)
        #expect(NodeStatusBuilder.nodeImages(images, maximum: 0).isEmpty)
    }

    @Test func runtimeErrorsReadAsGRPCStatuses() throws {
        let notFound = try #require((Int32(-64)...Int32(64)).first { PluginCallError.name(of: $0) == "NOT_FOUND" })
        let error = PluginCallError(plugin: "containerd-like", operation: "PullImage", status: notFound, message: "pull access denied")
        #expect(RuntimeErrorText.grpc(error) == "rpc error: code = NotFound desc = pull access denied")
        #expect(RuntimeErrorText.message(error) == "pull access denied")
        #expect(RuntimeErrorText.code("TIMEOUT") == "DeadlineExceeded")
        #expect(RuntimeErrorText.code("FAILED_PRECONDITION") == "FailedPrecondition")
    }

    @Test func theReadyMessageUsesTheKubeletsWords() {
        let ready = RuntimeCondition(status: true, reason: "", message: "")
        let notReady = RuntimeCondition(status: false, reason: "NetworkPluginNotReady", message: "cni plugin not initialized")
        let network = NodeHealth.assess(runtimeConditions: ["RuntimeReady": ready, "NetworkReady": notReady], runtimeError: nil, cniProblem: nil)
        #expect(network.message == "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized")
        let cni = NodeHealth.assess(runtimeConditions: ["RuntimeReady": ready], runtimeError: nil, cniProblem: "no addresses left")
        #expect(cni.message == "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: no addresses left")
        let runtimeDown = RuntimeCondition(status: false, reason: "Broken", message: "disk")
        let both = NodeHealth.assess(runtimeConditions: ["RuntimeReady": runtimeDown, "NetworkReady": notReady], runtimeError: nil, cniProblem: nil)
        #expect(both.message.hasPrefix("[container runtime not ready: RuntimeReady=false reason:Broken message:disk, container runtime network not ready:"))
        #expect(!both.isReady)
        let first = NodeHealth.assess(runtimeConditions: nil, runtimeError: "UNAVAILABLE", cniProblem: nil, runtimeAnswered: false)
        #expect(first.message == "container runtime status check may not have completed yet")
        #expect(NodeHealth.assess(runtimeConditions: ["RuntimeReady": ready], runtimeError: nil, cniProblem: nil).message == "kubelet is posting ready status")
    }
}
