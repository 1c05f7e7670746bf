import Foundation
import APIServer
import Kernel
import Node
import Testing

/// Liveness, readiness and startup probes through the kubelet and the real containerd-like
/// runtime: exec probes run through ExecSync, httpGet and tcpSocket probes against a listener
/// of the test. Probe seconds are scaled down (`probeTimeScale`), so a 1-second period is 50 ms.
@Suite("kubelet: probes")
struct KubeletProbeTests {
    static var options: KubeletOptions {
        var options = KubeletOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.relistPeriod = .milliseconds(50)
        options.backOff = .fixed(.milliseconds(100))
        options.probeTimeScale = 0.05
        return options
    }

    /// A busybox pod whose one container runs `script` and has the given probes.
    static func pod(_ name: String, node: String, script: String, probes: [String: JSONValue], ports: [JSONValue] = []) -> JSONValue {
        var pod = KubeletHarness.pod(name, image: "busybox:1.36", node: node, command: ["sh", "-c", script])
        var container = pod[path: "spec", "containers"]?.arrayValue?.first ?? [:]
        for (field, probe) in probes { container[field] = probe }
        if !ports.isEmpty { container["ports"] = .array(ports) }
        pod[path: "spec", "containers"] = [container]
        pod[path: "spec", "terminationGracePeriodSeconds"] = 1
        return pod
    }

    static func execProbe(_ command: [String], failureThreshold: Int64 = 3) -> JSONValue {
        ["exec": ["command": .array(command.map(JSONValue.string))], "periodSeconds": 1, "failureThreshold": .int(failureThreshold)]
    }

    static func condition(_ type: String, of pod: JSONValue) -> String? {
        pod[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["status"]?.stringValue
    }

    static func containerStatus(_ pod: JSONValue) -> JSONValue? {
        pod[path: "status", "containerStatuses"]?.arrayValue?.first
    }

    /// Runs `cmd` in the pod's current container through the runtime, behind the kubelet's back.
    static func exec(_ harness: KubeletHarness, pod name: String, _ cmd: [String]) async throws {
        let pod = try await harness.pod(name)
        let id = try #require(containerStatus(pod)?["containerID"]?.stringValue?.components(separatedBy: "://").last)
        let reply = try await harness.runtime.call(.execSync, ["containerId": .string(id), "cmd": .array(cmd.map(JSONValue.string)), "timeout": 5])
        #expect(reply["exitCode"]?.intValue ?? 0 == 0)
    }

    /// Waits until the pod's Ready condition is `status`.
    @discardableResult
    static func ready(_ harness: KubeletHarness, _ name: String, is status: String) async throws -> JSONValue {
        try await harness.eventually("pod \(name) Ready=\(status)") {
            let pod = try await harness.pod(name)
            return condition("Ready", of: pod) == status && pod[path: "status", "phase"] == "Running" ? pod : nil
        }
    }

    @Test func aReadinessProbeThatPassesThenFailsFlipsReady() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let probe = Self.execProbe(["cat", "/tmp/ready"], failureThreshold: 1)
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "ready", node: harness.nodeName, script: "touch /tmp/ready; sleep infinity", probes: ["readinessProbe": probe]))
            let ready = try await Self.ready(harness, "ready", is: "True")
            #expect(Self.condition("ContainersReady", of: ready) == "True")
            #expect(Self.containerStatus(ready)?["ready"] == true)

            try await Self.exec(harness, pod: "ready", ["rm", "/tmp/ready"])
            let unready = try await Self.ready(harness, "ready", is: "False")
            #expect(Self.condition("ContainersReady", of: unready) == "False")
            #expect(Self.containerStatus(unready)?["ready"] == false)
            #expect(Self.containerStatus(unready)?["restartCount"] == 0, "readiness failures never restart")
            let unhealthy = try await harness.events(about: "ready").filter { $0["reason"] == "Unhealthy" }
            let event = try #require(unhealthy.first)
            #expect(event["type"] == "Warning")
            #expect(event["message"]?.stringValue?.hasPrefix("Readiness probe failed: ") == true, "\(event)")

            try await Self.exec(harness, pod: "ready", ["touch", "/tmp/ready"])
            try await Self.ready(harness, "ready", is: "True")
        }
    }

    @Test func aFailingLivenessProbeRestartsTheContainer() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let probe = Self.execProbe(["cat", "/tmp/healthy"])
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "alive", node: harness.nodeName, script: "touch /tmp/healthy; sleep infinity", probes: ["livenessProbe": probe]))
            try await Self.ready(harness, "alive", is: "True")
            try await Self.exec(harness, pod: "alive", ["rm", "/tmp/healthy"])
            let restarted = try await harness.eventually("a restart after the liveness failure") {
                let pod = try await harness.pod("alive")
                guard let status = Self.containerStatus(pod), (status["restartCount"]?.intValue ?? 0) >= 1,
                      status[path: "state", "running"] != nil else { return nil as JSONValue? }
                return pod
            }
            let status = try #require(Self.containerStatus(restarted))
            #expect(status[path: "lastState", "terminated", "exitCode"] == 137)
            let events = try await harness.events(about: "alive")
            let killing = events.filter { $0["reason"] == "Killing" }.compactMap { $0["message"]?.stringValue }
            #expect(killing.contains("Container main failed liveness probe, will be restarted"), "\(killing)")
            let unhealthy = events.filter { $0["reason"] == "Unhealthy" }.compactMap { $0["message"]?.stringValue }
            #expect(unhealthy.contains { $0.hasPrefix("Liveness probe failed: ") }, "\(unhealthy)")
            // The new instance touched the file again and stays up.
            try await Self.ready(harness, "alive", is: "True")
        }
    }

    @Test func aStartupProbeHoldsBackReadinessUntilItSucceeds() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let startup = Self.execProbe(["cat", "/tmp/started"], failureThreshold: 100_000)
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "slow", node: harness.nodeName, script: "sleep infinity", probes: ["startupProbe": startup]))
            let waiting = try await harness.eventually("the container running but not started") {
                let pod = try await harness.pod("slow")
                guard let status = Self.containerStatus(pod), status[path: "state", "running"] != nil else { return nil as JSONValue? }
                return pod
            }
            #expect(Self.containerStatus(waiting)?["started"] == false)
            #expect(Self.containerStatus(waiting)?["ready"] == false)
            #expect(Self.condition("Ready", of: waiting) == "False")
            let unhealthy = try await harness.eventually("a startup probe failure event") {
                try await harness.events(about: "slow").first { $0["reason"] == "Unhealthy" }
            }
            #expect(unhealthy["message"]?.stringValue?.hasPrefix("Startup probe failed: ") == true, "\(unhealthy)")

            try await Self.exec(harness, pod: "slow", ["touch", "/tmp/started"])
            let ready = try await Self.ready(harness, "slow", is: "True")
            #expect(Self.containerStatus(ready)?["started"] == true)
            #expect(Self.containerStatus(ready)?["restartCount"] == 0)
        }
    }

    @Test func aFailingStartupProbeRestartsTheContainer() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let startup = Self.execProbe(["cat", "/tmp/never"], failureThreshold: 2)
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "stuck", node: harness.nodeName, script: "sleep infinity", probes: ["startupProbe": startup]))
            try await harness.eventually("a Killing event for the startup probe") {
                try await harness.events(about: "stuck").first {
                    $0["reason"] == "Killing" && $0["message"] == "Container main failed startup probe, will be restarted"
                }
            }
            try await harness.eventually("a restart") {
                let pod = try await harness.pod("stuck")
                return (Self.containerStatus(pod)?["restartCount"]?.intValue ?? 0) >= 1 ? pod : nil
            }
        }
    }

    @Test func aServerKilledByItsLivenessProbeIsRestartedUnderOnFailure() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            // nginx stops cleanly (exit 0) when given a grace period; OnFailure restarts it all the same.
            var pod = KubeletHarness.pod("server", image: "nginx:1.27", node: harness.nodeName, restartPolicy: "OnFailure")
            var container = pod[path: "spec", "containers"]?.arrayValue?.first ?? [:]
            container["livenessProbe"] = Self.execProbe(["cat", "/tmp/missing"], failureThreshold: 1)
            pod[path: "spec", "containers"] = [container]
            _ = try await harness.api.create(.pods, namespace: "default", object: pod)
            let restarted = try await harness.eventually("a restart of the server") {
                let pod = try await harness.pod("server")
                return (Self.containerStatus(pod)?["restartCount"]?.intValue ?? 0) >= 1 ? pod : nil
            }
            #expect(restarted[path: "status", "phase"] == "Running")
        }
    }

    @Test func anHTTPGetProbeFollowsTheStatusCodeAndSendsItsHeaders() async throws {
        let listener = try ProbeTestListener()
        defer { listener.close() }
        try await KubeletHarness.with(options: Self.options) { harness in
            let probe: JSONValue = [
                "httpGet": ["host": "127.0.0.1", "port": "http", "path": "/healthz", "httpHeaders": [["name": "X-Probe", "value": "keelson"]]],
                "periodSeconds": 1, "failureThreshold": 1,
            ]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "web", node: harness.nodeName, script: "sleep infinity", probes: ["readinessProbe": probe],
                ports: [["name": "http", "containerPort": .int(Int64(listener.port))]]))
            try await Self.ready(harness, "web", is: "True")
            let request = listener.lastRequest
            #expect(request.hasPrefix("GET /healthz HTTP/1.1\r\n"), "\(request)")
            #expect(request.contains("X-Probe: keelson"), "\(request)")
            #expect(request.contains("User-Agent: kube-probe/"), "\(request)")

            listener.answer(503)
            try await Self.ready(harness, "web", is: "False")
            let unhealthy = try await harness.events(about: "web").compactMap { $0["reason"] == "Unhealthy" ? $0["message"]?.stringValue : nil }
            #expect(unhealthy.contains("Readiness probe failed: HTTP probe failed with statuscode: 503"), "\(unhealthy)")
            listener.answer(302)
            try await Self.ready(harness, "web", is: "True")
        }
    }

    @Test func aTCPSocketProbeSucceedsWhenSomethingListens() async throws {
        let listener = try ProbeTestListener()
        defer { listener.close() }
        let closed = try ProbeTestListener.closedPort()
        try await KubeletHarness.with(options: Self.options) { harness in
            let open: JSONValue = ["tcpSocket": ["host": "127.0.0.1", "port": .int(Int64(listener.port))], "periodSeconds": 1]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "open", node: harness.nodeName, script: "sleep infinity", probes: ["readinessProbe": open, "livenessProbe": open]))
            let shut: JSONValue = ["tcpSocket": ["host": "127.0.0.1", "port": .int(Int64(closed))], "periodSeconds": 1, "failureThreshold": 1]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "shut", node: harness.nodeName, script: "sleep infinity", probes: ["readinessProbe": shut]))
            try await Self.ready(harness, "open", is: "True")
            let message = try await harness.eventually("a tcpSocket failure event") {
                try await harness.events(about: "shut").first { $0["reason"] == "Unhealthy" }?["message"]?.stringValue
            }
            #expect(message.hasPrefix("Readiness probe failed: dial tcp 127.0.0.1:\(closed): "), "\(message)")
            let shutPod = try await harness.pod("shut")
            #expect(Self.condition("Ready", of: shutPod) == "False")
            #expect(Self.containerStatus(try await harness.pod("open"))?["restartCount"] == 0)
        }
    }

    @Test func networkProbesDefaultToThePodIP() async throws {
        // A one-address range, so the pod's IP is known before it exists.
        let ipam: JSONValue = ["type": "host-local", "ranges": [[[
            "subnet": "127.244.9.0/24", "rangeStart": "127.244.9.10", "rangeEnd": "127.244.9.10",
        ]]]]
        let listener = try ProbeTestListener(host: "127.244.9.10")
        defer { listener.close() }
        try await KubeletHarness.with(podCIDR: "127.244.9.0/24", ipam: ipam, options: Self.options) { harness in
            let probe: JSONValue = ["httpGet": ["port": .int(Int64(listener.port))], "periodSeconds": 1]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "local", node: harness.nodeName, script: "sleep infinity", probes: ["readinessProbe": probe]))
            let pod = try await Self.ready(harness, "local", is: "True")
            #expect(pod[path: "status", "podIP"] == "127.244.9.10")
            #expect(listener.lastRequest.contains("Host: 127.244.9.10:\(listener.port)"), "\(listener.lastRequest)")
        }
    }

    @Test func aGRPCProbeIsReportedAsUnsupported() async throws {
        try await KubeletHarness.with(options: Self.options) { harness in
            let probe: JSONValue = ["grpc": ["port": 9090], "periodSeconds": 1]
            _ = try await harness.api.create(.pods, namespace: "default", object: Self.pod(
                "grpc", node: harness.nodeName, script: "sleep infinity", probes: ["readinessProbe": probe]))
            let message = try await harness.eventually("an Unhealthy event") {
                try await harness.events(about: "grpc").first { $0["reason"] == "Unhealthy" }?["message"]?.stringValue
            }
            #expect(message.contains("not supported"), "\(message)")
            #expect(Self.condition("Ready", of: try await harness.pod("grpc")) == "False")
        }
    }
}
