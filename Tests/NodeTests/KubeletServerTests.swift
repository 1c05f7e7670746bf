import APIServer
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kernel
import Node
import Testing

/// The kubelet's read-only server over HTTP, and the API server's `pods/{name}/log` and
/// `nodes/{name}/proxy` reaching it, with a real kubelet driving the containerd-like runtime.
@Suite(.serialized) struct KubeletServerTests {
    /// GETs `url`: status code and body text.
    static func get(_ url: String) async throws -> (status: Int, text: String) {
        let (data, response) = try await URLSession.shared.data(from: try #require(URL(string: url)))
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A harness whose pod logs go to a fresh directory.
    static func withKubelet(_ body: (KubeletHarness, Int) async throws -> Void) async throws {
        var options = KubeletOptions()
        options.heartbeatInterval = .milliseconds(200)
        options.relistPeriod = .milliseconds(50)
        options.backOff = .fixed(.milliseconds(300))
        let root = KubeletHarness.temporaryDirectory()
        options.podLogRoot = root
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await KubeletHarness.with(options: options) { harness in
            let port = try await harness.eventually("the kubelet server") { harness.kubelet.serverPort }
            try await body(harness, port)
        }
    }

    @Test func healthPodsSpecAndSummary() async throws {
        try await Self.withKubelet { harness, port in
            let base = "http://127.0.0.1:\(port)"
            #expect(try await Self.get("\(base)/healthz") == (200, "ok"))
            try await harness.createPod("sleeper", image: "busybox:1.36", command: ["sh", "-c", "sleep 3600"])
            _ = try await harness.pod("sleeper", reaches: "Running")
            let pods = try JSONValue(parsing: Data(try await Self.get("\(base)/pods").text.utf8))
            #expect(pods["kind"] == "PodList")
            #expect(pods["items"]?.arrayValue?.contains { $0.name == "sleeper" } == true)
            let spec = try JSONValue(parsing: Data(try await Self.get("\(base)/spec").text.utf8))
            #expect(spec["num_cores"] == 4)
            #expect(spec["memory_capacity"]?.intValue == Int64(8) * 1024 * 1024 * 1024)
            let summary = try JSONValue(parsing: Data(try await Self.get("\(base)/stats/summary").text.utf8))
            #expect(summary[path: "node", "nodeName"] == .string(harness.nodeName))
            #expect(summary[path: "node", "memory", "availableBytes"] != nil)
            let pod = summary["pods"]?.arrayValue?.first { $0[path: "podRef", "name"] == "sleeper" }
            #expect(pod?["containers"]?.arrayValue?.map { $0["name"] } == ["main"])
            #expect(try await Self.get("\(base)/nothing").status == 404)
        }
    }

    @Test func containerLogsCurrentTailAndPrevious() async throws {
        try await Self.withKubelet { harness, port in
            let base = "http://127.0.0.1:\(port)/containerLogs/default"
            try await harness.createPod("printer", image: "busybox:1.36", command: ["sh", "-c", "echo one; echo two; sleep 3600"])
            try await harness.eventually("the log") {
                try await Self.get("\(base)/printer/main").text == "one\ntwo\n" ? true : nil
            }
            #expect(try await Self.get("\(base)/printer/main?tailLines=1") == (200, "two\n"))
            let stamped = try await Self.get("\(base)/printer/main?timestamps=true").text
            #expect(stamped.split(separator: "\n").map { $0.split(separator: " ").last } == ["one", "two"])
            #expect(stamped.hasPrefix("20"))
            let previous = try await Self.get("\(base)/printer/main?previous=true")
            #expect(previous.status == 400)
            #expect(previous.text == "previous terminated container \"main\" in pod \"printer\" not found")
            #expect(try await Self.get("\(base)/printer/other").status == 404)
            #expect(try await Self.get("\(base)/missing/main").status == 404)

            try await harness.createPod("crasher", image: "busybox:1.36", command: ["sh", "-c", "echo run; exit 1"])
            try await harness.eventually("a restart") {
                let pod = try await harness.pod("crasher")
                let restarts = pod[path: "status", "containerStatuses"]?.arrayValue?.first?["restartCount"]?.intValue ?? 0
                return restarts >= 1 ? true : nil
            }
            try await harness.eventually("the previous log") {
                try await Self.get("\(base)/crasher/main?previous=true") == (200, "run\n") ? true : nil
            }
        }
    }

    @Test func apiServerStreamsPodLogsAndProxiesTheNode() async throws {
        try await Self.withKubelet { harness, port in
            let server = try APIHTTPServer(api: harness.api, address: "127.0.0.1:0")
            let apiPort = try await server.start()
            do {
                try await Self.throughAPI(harness, port: port, api: "http://127.0.0.1:\(apiPort)")
            } catch {
                await server.stop()
                throw error
            }
            await server.stop()
        }
    }

    private static func throughAPI(_ harness: KubeletHarness, port: Int, api: String) async throws {
        do {
            try await harness.eventually("the node's endpoint") {
                let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
                return node[path: "status", "daemonEndpoints", "kubeletEndpoint", "Port"]?.intValue == Int64(port) ? true : nil
            }
            try await harness.createPod("printer", image: "busybox:1.36", command: ["sh", "-c", "echo one; echo two; sleep 3600"])
            try await harness.eventually("the log through the API") {
                try await Self.get("\(api)/api/v1/namespaces/default/pods/printer/log").text == "one\ntwo\n" ? true : nil
            }
            #expect(try await Self.get("\(api)/api/v1/namespaces/default/pods/printer/log?container=main&tailLines=1") == (200, "two\n"))
            let previous = try await Self.get("\(api)/api/v1/namespaces/default/pods/printer/log?previous=true")
            #expect(previous.status == 400)
            let status = try JSONValue(parsing: Data(previous.text.utf8))
            #expect(status["reason"] == "BadRequest")
            #expect(status["message"] == "previous terminated container \"main\" in pod \"printer\" not found")
            #expect(try await Self.get("\(api)/api/v1/nodes/\(harness.nodeName)/proxy/healthz") == (200, "ok"))
            let summary = try JSONValue(parsing: Data(try await Self.get("\(api)/api/v1/nodes/\(harness.nodeName)/proxy/stats/summary").text.utf8))
            #expect(summary[path: "node", "nodeName"] == .string(harness.nodeName))
        }
    }
}
