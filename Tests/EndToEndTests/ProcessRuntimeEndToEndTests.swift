import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension EndToEnd {
/// The `process` runtime end to end: `keelson up` with a node pool whose runtime is `process`,
/// the real kubectl, and a pod that is a real `python3 -m http.server` bound to its pod IP.
@Suite("process runtime end to end", .serialized)
struct ProcessRuntimeEndToEndTests {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          terminationGracePeriodSeconds: 5
          containers:
          - name: web
            image: python:3.12
            command: ["python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080"]
            env:
            - name: POD_IP
              valueFrom: {fieldRef: {fieldPath: status.podIP}}
            readinessProbe:
              httpGet: {path: /, port: 8080}
              periodSeconds: 1
        """

    @Test func pythonHTTPServerPodIsReadyAnswersAndLogs() async throws {
        // A pod CIDR of its own, so that pod IPs never meet another test cluster's.
        let octet = Int.random(in: 150...199)
        let session = try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(octet).0.0/16}
            nodePools:
              - name: proc
                count: 1
                runtime: {plugin: process}
            """)
        defer { session.stop() }
        let path = try session.file("web.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", path])

        // The readiness probe (an HTTP GET by the kubelet on the pod IP) gates Ready.
        let ready = try await session.eventually(
            ["get", "pod", "web", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}"], timeout: 90) { $0 == "True" }
        let described = ready == "True" ? "" : try await session.kubectl(["describe", "pod", "web"]).output
        #expect(ready == "True", "pod web never became Ready: \(described)")
        let ip = try await session.expectSuccess(["get", "pod", "web", "-o", "jsonpath={.status.podIP}"])
        #expect(ip.hasPrefix("127.\(octet)."))
        #expect(try await session.expectSuccess(["get", "node", "proc-1", "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion}"])
            .hasPrefix("keelson-process://"))

        // The test reaches the server on the pod IP itself.
        let (body, status) = try await Self.get("http://\(ip):8080/")
        #expect(status == 200)
        #expect(body.contains("Directory listing"))
        let servers = Self.processes(commandLineContaining: ["http.server", "--bind", ip])
        #expect(servers.count == 1)

        // kubectl logs: http.server logs every request to stderr.
        let logs = try await session.eventually(["logs", "web"]) { $0.contains("\"GET / HTTP/1.1\" 200") }
        #expect(logs.contains("\"GET / HTTP/1.1\" 200"), "logs: \(logs)")

        // Deleting the pod stops the process.
        try await session.expectSuccess(["delete", "pod", "web", "--wait=true", "--timeout=60s"])
        let deadline = Date().addingTimeInterval(30)
        while !Self.processes(commandLineContaining: ["http.server", "--bind", ip]).isEmpty, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(Self.processes(commandLineContaining: ["http.server", "--bind", ip]).isEmpty)
        for pid in servers { #expect(kill(pid_t(pid), 0) != 0 || Self.isZombie(pid)) }
    }

    /// GETs `url`; returns the body and the status code.
    static func get(_ url: String) async throws -> (String, Int) {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 10
        let (data, response) = try await URLSession.shared.data(for: request)
        return (String(decoding: data, as: UTF8.self), (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// The live processes whose argv contains every one of `words` as an argument.
    static func processes(commandLineContaining words: [String]) -> [Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int? in
            guard let pid = Int(entry), let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
            let argv = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.allSatisfy(argv.contains) && !isZombie(pid) ? pid : nil
        }
    }

    /// Whether the process is a zombie (exited, not yet reaped).
    static func isZombie(_ pid: Int) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return true }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return true }
        return text[text.index(after: close)...].split(separator: " ").first == "Z"
    }
}
}
