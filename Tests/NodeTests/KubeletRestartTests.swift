import Foundation
import APIServer
import Kernel
import Node
import Testing

/// Restarts and pulls through the kubelet with Kubernetes' back-offs (shortened): a crashing
/// container goes into CrashLoopBackOff with growing waits, a missing image alternates
/// ErrImagePull and ImagePullBackOff, and containers get CRI resources and annotations.
@Suite("kubelet: back-offs and container config")
struct KubeletRestartTests {
    static var options: KubeletOptions {
        var options = KubeletOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.relistPeriod = .milliseconds(50)
        options.crashLoopBackOff = .kubernetes(initial: .milliseconds(300), maximum: .milliseconds(1200))
        options.imagePullBackOff = .kubernetes(initial: .milliseconds(300), maximum: .milliseconds(1200))
        options.syncErrorBackOff = .fixed(.milliseconds(300))
        return options
    }

    static func containerStatus(_ pod: JSONValue) -> JSONValue? {
        pod[path: "status", "containerStatuses"]?.arrayValue?.first
    }

    @Test func aCrashingContainerGoesIntoCrashLoopBackOffWithGrowingWaits() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let created = try await harness.createPod("crash", image: "busybox:1.36", command: ["sh", "-c", "echo boom; exit 1"])
            let uid = try #require(created.uid)
            let looping = try await harness.eventually("CrashLoopBackOff") {
                let pod = try await harness.pod("crash")
                return Self.containerStatus(pod)?[path: "state", "waiting", "reason"] == "CrashLoopBackOff" ? pod : nil
            }
            let status = try #require(Self.containerStatus(looping))
            let message = try #require(status[path: "state", "waiting", "message"]?.stringValue)
            #expect(message.hasPrefix("back-off "), "\(message)")
            #expect(message.hasSuffix(" restarting failed container=main pod=crash_default(\(uid))"), "\(message)")
            let last = try #require(status[path: "lastState", "terminated"])
            #expect(last["exitCode"] == 1)
            #expect(last["reason"] == "Error")
            #expect(last["startedAt"]?.stringValue != nil && last["finishedAt"]?.stringValue != nil)
            #expect(last["containerID"]?.stringValue?.hasPrefix("containerd://") == true)
            #expect((status["restartCount"]?.intValue ?? 0) >= 1)
            #expect(status["ready"] == false)
            #expect(looping[path: "status", "phase"] == "Running")

            // The waits double: a later back-off names a longer delay, and restarts keep coming.
            let longer = try await harness.eventually("a longer back-off", seconds: 20) {
                let pod = try await harness.pod("crash")
                let status = Self.containerStatus(pod)
                let text = status?[path: "state", "waiting", "message"]?.stringValue ?? ""
                return text.hasPrefix("back-off 1.2s") && (status?["restartCount"]?.intValue ?? 0) >= 3 ? pod : nil
            }
            #expect(longer[path: "status", "phase"] == "Running")
            let backOffs = try await harness.events(about: "crash").filter { $0["reason"] == "BackOff" }
            let event = try #require(backOffs.first)
            #expect(event["type"] == "Warning")
            #expect(event["message"]?.stringValue == "Back-off restarting failed container main in pod crash_default(\(uid))")
            #expect(event[path: "involvedObject", "fieldPath"] == "spec.containers{main}")
        }
    }

    @Test func onFailureRestartsOnlyFailuresAndSucceedsOnExitZero() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            try await harness.createPod("done", image: "busybox:1.36", command: ["sh", "-c", "exit 0"], restartPolicy: "OnFailure")
            let pod = try await harness.pod("done", reaches: "Succeeded")
            #expect(Self.containerStatus(pod)?["restartCount"] == 0)
            #expect(Self.containerStatus(pod)?[path: "state", "terminated", "reason"] == "Completed")
        }
    }

    @Test func aMissingImageAlternatesErrImagePullAndImagePullBackOff() async throws {
        let image = "registry.example.invalid/team/nothing:1.0"
        try await KubeletHarness.with(options: Self.options) { harness in
            try await harness.createPod("nopull", image: image)
            var seen = Set<String>()
            let backingOff = try await harness.eventually("ImagePullBackOff after ErrImagePull", seconds: 20) {
                let status = Self.containerStatus(try await harness.pod("nopull"))
                if let reason = status?[path: "state", "waiting", "reason"]?.stringValue { seen.insert(reason) }
                return seen.contains("ErrImagePull") && status?[path: "state", "waiting", "reason"] == "ImagePullBackOff" ? status : nil
            }
            #expect(backingOff[path: "state", "waiting", "message"]?.stringValue == "Back-off pulling image \"\(image)\"")
            let events = try await harness.events(about: "nopull")
            let messages = events.compactMap { event -> String? in
                guard let reason = event["reason"]?.stringValue, let message = event["message"]?.stringValue else { return nil }
                return "\(event["type"]?.stringValue ?? "") \(reason): \(message)"
            }
            #expect(messages.contains("Normal BackOff: Back-off pulling image \"\(image)\""), "\(messages)")
            #expect(messages.contains("Warning Failed: Error: ImagePullBackOff"), "\(messages)")
            #expect(messages.contains("Warning Failed: Error: ErrImagePull"), "\(messages)")
            #expect(messages.contains { $0.hasPrefix("Warning Failed: Failed to pull image \"\(image)\": rpc error: code = ") }, "\(messages)")
            #expect(try await harness.pod("nopull")[path: "status", "phase"] == "Pending")
        }
    }

    @Test func containersGetCRIResourcesAndRuntimeAnnotations() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            var pod = KubeletHarness.pod("sized", node: harness.nodeName)
            pod[path: "metadata", "annotations"] = ["keelson.dev/start-latency": "0ms", "owner": "team-a"]
            var container = try #require(pod[path: "spec", "containers"]?.arrayValue?.first)
            container["resources"] = ["requests": ["cpu": "100m", "memory": "32Mi"], "limits": ["memory": "64Mi"]]
            pod[path: "spec", "containers"] = [container]
            _ = try await harness.api.create(.pods, namespace: "default", object: pod)
            let running = try await harness.pod("sized", reaches: "Running")
            let id = try #require(Self.containerStatus(running)?["containerID"]?.stringValue?.split(separator: "/").last.map(String.init))
            let status = try await harness.runtime.call(.containerStatus, ["containerId": .string(id)])
            let annotations = status[path: "status", "annotations"]
            #expect(annotations?["keelson.dev/start-latency"] == "0ms")
            #expect(annotations?["owner"] == nil)
            #expect(annotations?["io.kubernetes.container.restartCount"] == "0")
            #expect(annotations?["io.kubernetes.container.hash"] != nil)
            #expect(running[path: "status", "qosClass"] == "Burstable")
        }
    }
}
