import Foundation
import Testing

extension EndToEnd {
/// Pod and container status as kubectl users read it, from `keelson up` with the default fake
/// runtime and shortened back-offs (the `kubelet:` config section): CrashLoopBackOff with a
/// growing RESTARTS count, ErrImagePull then ImagePullBackOff, a failing liveness probe that
/// restarts its container, a readiness probe that gates READY, and a container killed for
/// exceeding its memory limit (OOMKilled). One cluster for all of it.
@Suite("Pod status end to end", .serialized)
struct PodStatusEndToEndTests {
    static let config = """
        nodePools: [{name: pool-a, count: 1}]
        kubelet:
          crashLoopBackOff: {maxContainerRestartPeriod: 2s}
          keelson: {initialBackOffPeriod: 1s, maxImagePullBackOffPeriod: 2s}

        """

    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: crasher}
        spec:
          containers:
          - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo starting; exit 1"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: nopull}
        spec:
          containers:
          - {name: main, image: "registry.example.invalid/team/nothing:1.0"}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: unhealthy}
        spec:
          containers:
          - name: main
            image: "nginx:1.27"
            livenessProbe:
              exec: {command: ["cat", "/tmp/healthy"]}
              periodSeconds: 1
              failureThreshold: 1
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: gated}
        spec:
          containers:
          - name: main
            image: "busybox:1.36"
            command: ["sh", "-c", "sleep 4; touch /tmp/ready; sleep 3600"]
            readinessProbe:
              exec: {command: ["cat", "/tmp/ready"]}
              periodSeconds: 1
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: hungry
          annotations: {keelson.dev/memory-growth-per-second: 64Mi}
        spec:
          containers:
          - name: main
            image: "redis:7"
            resources: {limits: {memory: 48Mi}}
        """

    /// The NAME READY STATUS RESTARTS cells of `kubectl get pod NAME --no-headers`.
    static func row(_ session: KubectlSession, _ name: String) async throws -> [String] {
        let output = try await session.kubectl(["get", "pod", name, "--no-headers"]).output
        return output.split(separator: "\n").first.map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) } ?? []
    }

    static func restarts(_ row: [String]) -> Int {
        row.count > 3 ? Int(row[3]) ?? 0 : 0
    }

    @Test func crashLoopsPullBackOffsAndProbesAsKubectlShowsThem() async throws {
        let session = try await KubectlSession.start(extraConfig: Self.config)
        defer { session.stop() }
        let watch = try session.background(["get", "pods", "-w", "--no-headers"])
        defer { watch.stop() }
        let manifest = try session.file("pods.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", manifest])

        // A readiness probe gates READY: Running but 0/1 until /tmp/ready exists, then 1/1.
        let notReady = try await Self.eventually("gated to run unready") {
            let row = try await Self.row(session, "gated")
            return row.count > 2 && row[1] == "0/1" && row[2] == "Running" ? row : nil
        }
        #expect(notReady[0] == "gated")
        _ = try await Self.eventually("gated to become ready") {
            let row = try await Self.row(session, "gated")
            return row.count > 2 && row[1] == "1/1" ? row : nil
        }
        #expect(Self.restarts(try await Self.row(session, "gated")) == 0)

        // A crashing container: CrashLoopBackOff and RESTARTS that keep growing.
        let looping = try await Self.eventually("crasher in CrashLoopBackOff") {
            let row = try await Self.row(session, "crasher")
            return row.count > 3 && row[2] == "CrashLoopBackOff" ? row : nil
        }
        let firstCount = Self.restarts(looping)
        #expect(firstCount >= 1, "\(looping)")
        _ = try await Self.eventually("crasher's restarts to grow") {
            let row = try await Self.row(session, "crasher")
            return Self.restarts(row) >= firstCount + 2 ? row : nil
        }
        let waiting = try await session.expectSuccess(["get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}"])
        #expect(waiting == "1")
        let described = try await session.expectSuccess(["describe", "pod", "crasher"])
        for line in ["Last State:     Terminated", "Exit Code:    1", "Back-off restarting failed container main in pod crasher_default("] {
            #expect(described.contains(line), "describe lacks \(line):\n\(described)")
        }

        // An unknown image: ErrImagePull, then ImagePullBackOff while the pull backs off.
        _ = try await Self.eventually("nopull in ImagePullBackOff") {
            let row = try await Self.row(session, "nopull")
            return row.count > 2 && row[2] == "ImagePullBackOff" ? row : nil
        }
        let nopullLines = watch.text.split(separator: "\n").filter { $0.hasPrefix("nopull ") }.map(String.init)
        let firstError = nopullLines.firstIndex { $0.contains("ErrImagePull") }
        let firstBackOff = nopullLines.firstIndex { $0.contains("ImagePullBackOff") }
        #expect(firstError != nil && (firstBackOff == nil || firstError! < firstBackOff!), "watch saw: \(nopullLines)")
        let pullEvents = try await session.expectSuccess(["get", "events", "--field-selector", "involvedObject.name=nopull"])
        #expect(pullEvents.contains("Back-off pulling image \"registry.example.invalid/team/nothing:1.0\""), "\(pullEvents)")
        #expect(pullEvents.contains("Error: ImagePullBackOff"), "\(pullEvents)")

        // A failing liveness probe: Unhealthy, Killing, and the container restarted.
        _ = try await Self.eventually("unhealthy to be restarted twice") {
            let row = try await Self.row(session, "unhealthy")
            return Self.restarts(row) >= 2 ? row : nil
        }
        let events = try await session.expectSuccess(["get", "events", "--field-selector", "involvedObject.name=unhealthy"])
        #expect(events.contains("Unhealthy") && events.contains("Liveness probe failed:"), "\(events)")
        #expect(events.contains("Killing") && events.contains("Container main failed liveness probe, will be restarted"), "\(events)")
        let unhealthy = try await session.expectSuccess(["describe", "pod", "unhealthy"])
        #expect(unhealthy.contains("Liveness:") && unhealthy.contains("Restart Count:"), "\(unhealthy)")

        // Memory that grows past the limit: the runtime kills the container, OOMKilled, 137.
        let oom = try await Self.eventually("hungry to be OOM-killed") {
            let reason = try await session.kubectl(["get", "pod", "hungry", "-o",
                "jsonpath={.status.containerStatuses[0].lastState.terminated.reason}/{.status.containerStatuses[0].lastState.terminated.exitCode}"]).output
            return reason.hasPrefix("OOMKilled") ? reason : nil
        }
        #expect(oom == "OOMKilled/137")
    }

    /// Polls `probe` until it returns a value or `seconds` pass.
    static func eventually<T>(_ what: String, seconds: Double = 90, _ probe: () async throws -> T?) async throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw E2EError("timed out waiting for \(what)")
    }
}
}
