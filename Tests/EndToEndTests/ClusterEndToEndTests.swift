import Foundation
import Testing

extension EndToEnd {
/// The whole product, as a user runs it: `keelson up` from the built binary with plugins from
/// the build folder plus a plugin folder holding the C example and broken libraries; the CLI
/// applies the example manifest; pods, IPs, placement, DNS answers over real UDP, the plugin
/// list, and a restart on the same data dir are checked from the outside.
@Suite("End to end", .serialized)
struct ClusterEndToEndTests {
    let root = KeelsonProcess.repositoryRoot

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A plugin folder with the C example, a junk file, a library without the entry symbol and
    /// a library built for another ABI major.
    private func preparePluginFolder(_ folder: URL) async throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let make = try await KeelsonProcess.run("/usr/bin/env", ["make", "-s", "-C", root.appendingPathComponent("Examples/c-static-zone").path])
        #expect(make.status == 0, "make failed: \(make.output)")
        try FileManager.default.copyItem(
            at: root.appendingPathComponent("Examples/c-static-zone/libstatic-zone.so"),
            to: folder.appendingPathComponent("libstatic-zone.so"))
        try Data("not a library at all".utf8).write(to: folder.appendingPathComponent("libjunk.so"))
        for (name, define) in [("libnoentry.so", "FIXTURE_NO_ENTRY"), ("libwrongabi.so", "FIXTURE_WRONG_MAJOR")] {
            let built = try await KeelsonProcess.buildFixture(name, in: folder, defines: [define])
            #expect(built.status == 0, "cc failed: \(built.output)")
        }
    }

    private func writeConfig(_ directory: URL) throws -> String {
        let config = """
            apiVersion: keelson.dev/v1alpha1
            kind: ClusterConfig
            dataDir: \(directory.appendingPathComponent("data").path)
            pluginDirs: [\(directory.appendingPathComponent("plugins").path)]
            apiServer: {address: "127.0.0.1:0"}
            dns: {plugin: cluster-dns, config: {listen: "127.0.0.1:0", zone: cluster.local}}
            """
        let path = directory.appendingPathComponent("cluster.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func pods(_ server: String, kubeconfig: String) async throws -> [[String: Any]] {
        let result = try await KeelsonProcess.keelson(["get", "pods", "--server", server, "--kubeconfig", kubeconfig, "-o", "json"])
        guard result.status == 0, let data = result.output.data(using: .utf8),
            let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        if let items = value["items"] as? [[String: Any]] { return items }
        return value["kind"] as? String == "Pod" ? [value] : []
    }

    private static func field(_ object: [String: Any], _ path: String...) -> Any? {
        var current: Any? = object
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    @Test func deploymentAndServiceComeUpAndSurviveARestart() async throws {
        let directory = try temporaryDirectory()
        try await preparePluginFolder(directory.appendingPathComponent("plugins"))
        let configPath = try writeConfig(directory)

        let cluster = try KeelsonProcess(["up", "--config", configPath])
        defer { cluster.stop() }
        let apiLine = try await cluster.waitForLine(containing: "API server listening on ")
        let server = KeelsonProcess.serverURL(in: apiLine)
        #expect(server.hasPrefix("https://"))
        let kubeconfig = directory.appendingPathComponent("data/kubeconfig").path
        let dnsLine = try await cluster.waitForLine(containing: "DNS (cluster-dns) listening on ")
        let dnsPort = try #require(dnsLine.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) })
        _ = try await cluster.waitForLine(containing: "cluster is up")

        // Rejected libraries are reported while the cluster runs.
        #expect(cluster.text.contains("libjunk.so: not an ELF shared library"))
        #expect(cluster.text.contains("libnoentry.so: no keelson_plugin_entry symbol"))
        #expect(cluster.text.contains("libwrongabi.so: built for ABI 2."))

        let applied = try await KeelsonProcess.keelson(["apply", "--server", server, "--kubeconfig", kubeconfig, "-f", root.appendingPathComponent("examples/web.yaml").path])
        #expect(applied.status == 0, "apply failed: \(applied.output)")
        #expect(applied.output.contains("deployments.apps/web created"))
        #expect(applied.output.contains("services/web created"))

        // Three Running pods, each with its own IP from the CNI plugin, spread over the nodes.
        var running: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            running = try await pods(server, kubeconfig: kubeconfig).filter { Self.field($0, "status", "phase") as? String == "Running" }
            if running.count == 3 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let table = try await KeelsonProcess.keelson(["get", "pods", "--server", server, "--kubeconfig", kubeconfig, "-o", "wide"]).output
        #expect(running.count == 3, "pods: \(table)\n\(cluster.text.suffix(3000))")
        let ips = Set(running.compactMap { Self.field($0, "status", "podIP") as? String })
        let nodes = Set(running.compactMap { Self.field($0, "spec", "nodeName") as? String })
        #expect(ips.count == 3)
        #expect(ips.allSatisfy { $0.hasPrefix("127.244.") })
        #expect(nodes.count == 3)

        // The Service's cluster IP, answered by the DNS add-on over real UDP.
        let service = try await KeelsonProcess.keelson(["get", "svc", "web", "--server", server, "--kubeconfig", kubeconfig, "-o", "json"])
        let serviceObject = try JSONSerialization.jsonObject(with: Data(service.output.utf8)) as? [String: Any]
        let clusterIP = try #require(serviceObject.flatMap { Self.field($0, "spec", "clusterIP") as? String })
        #expect(clusterIP.hasPrefix("127.96."))
        var answer = ""
        for _ in 0..<40 {
            answer = try await KeelsonProcess.run("/usr/bin/env", ["dig", "@127.0.0.1", "-p", "\(dnsPort)", "+short", "+time=1", "+tries=1", "web.default.svc.cluster.local", "A"]).output
            if answer.contains(clusterIP) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(answer.trimmingCharacters(in: .whitespacesAndNewlines) == clusterIP)

        // The plugin list shows the C example loaded and the broken files rejected with reasons.
        let listed = try await KeelsonProcess.keelson(["plugins", "list", "--config", configPath])
        #expect(listed.status == 0)
        let loadedLines = listed.output.split(separator: "\n").filter { $0.hasSuffix("loaded") }
        #expect(loadedLines.contains { $0.hasPrefix("static-zone ") && $0.contains("cloud-provider") })
        for name in ["default-scheduler", "containerd-like", "host-local", "bridge-like", "exec", "cluster-dns", "local"] {
            #expect(loadedLines.contains { $0.hasPrefix("\(name) ") }, "\(name) not loaded:\n\(listed.output)")
        }
        #expect(listed.output.contains("libjunk.so") && listed.output.contains("rejected: not an ELF shared library"))
        #expect(listed.output.contains("rejected: no keelson_plugin_entry symbol"))
        #expect(listed.output.contains("rejected: built for ABI 2."))

        // Nodes were initialised by the cloud provider.
        let nodeList = try await KeelsonProcess.keelson(["get", "nodes", "--server", server, "--kubeconfig", kubeconfig, "-o", "json"])
        let nodeItems = (try JSONSerialization.jsonObject(with: Data(nodeList.output.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        #expect(nodeItems.count == 3)
        #expect(nodeItems.allSatisfy { (Self.field($0, "spec", "providerID") as? String)?.hasPrefix("local://") == true })
        #expect(nodeItems.allSatisfy { (Self.field($0, "metadata", "labels") as? [String: Any])?["topology.kubernetes.io/zone"] != nil })

        // A restart on the same data dir keeps every object.
        cluster.stop()
        let again = try KeelsonProcess(["up", "--config", configPath])
        defer { again.stop() }
        let apiAgain = try await again.waitForLine(containing: "API server listening on ")
        let serverAgain = KeelsonProcess.serverURL(in: apiAgain)
        _ = try await again.waitForLine(containing: "cluster is up")
        let kept = try await KeelsonProcess.keelson(["get", "deploy", "web", "--server", serverAgain, "--kubeconfig", kubeconfig, "-o", "json"])
        #expect(kept.status == 0, "deployment lost after restart: \(kept.output)")
        let svcAgain = try await KeelsonProcess.keelson(["get", "svc", "web", "--server", serverAgain, "--kubeconfig", kubeconfig, "-o", "json"])
        #expect(svcAgain.output.contains(clusterIP))
    }
}
}
