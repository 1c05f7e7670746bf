import Foundation
import Testing

/// A running `keelson up` with a temporary data dir, driven by the real `/usr/bin/kubectl`
/// configured only through `KUBECONFIG` pointing at the kubeconfig the cluster wrote.
final class KubectlSession: Sendable {
    let cluster: KeelsonProcess
    let directory: URL
    let kubeconfig: String

    /// Starts a cluster (API server and DNS on free loopback ports) and waits until it is up.
    /// `extraConfig` is appended to the cluster config as top-level YAML (for example a
    /// `nodePools:` list choosing another runtime); `apiServer` adds keys to the `apiServer:`
    /// mapping (", defaultUnreachableTolerationSeconds: 2").
    static func start(extraConfig: String = "", apiServer: String = "") async throws -> KubectlSession {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            apiVersion: keelson.dev/v1alpha1
            kind: ClusterConfig
            dataDir: \(directory.appendingPathComponent("data").path)
            apiServer: {address: "127.0.0.1:0"\(apiServer)}
            dns: {plugin: cluster-dns, config: {listen: "127.0.0.1:0"}}
            
            """ + extraConfig
        let configPath = directory.appendingPathComponent("cluster.yaml").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let cluster = try KeelsonProcess(["up", "--config", configPath])
        let line = try await cluster.waitForLine(containing: "kubeconfig written to ")
        let kubeconfig = String(line[line.range(of: "kubeconfig written to ")!.upperBound...]).trimmingCharacters(in: .whitespaces)
        _ = try await cluster.waitForLine(containing: "cluster is up")
        return KubectlSession(cluster: cluster, directory: directory, kubeconfig: kubeconfig)
    }

    private init(cluster: KeelsonProcess, directory: URL, kubeconfig: String) {
        self.cluster = cluster
        self.directory = directory
        self.kubeconfig = kubeconfig
    }

    /// Stops the cluster and removes its folder.
    func stop() {
        cluster.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs kubectl with only KUBECONFIG set (plus `environment`); returns its status and
    /// combined output.
    @discardableResult
    func kubectl(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        let cache = directory.appendingPathComponent("kube-cache").path
        return try await KeelsonProcess.run("/usr/bin/kubectl", ["--cache-dir", cache] + arguments,
                                      environment: ["KUBECONFIG": kubeconfig].merging(environment) { _, new in new })
    }

    /// Runs kubectl and records a test issue naming the command when it fails; returns the output.
    @discardableResult
    func expectSuccess(_ arguments: [String], environment: [String: String] = [:],
                       sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await kubectl(arguments, environment: environment)
        #expect(result.status == 0, "kubectl \(arguments.joined(separator: " ")) failed:\n\(result.output)", sourceLocation: sourceLocation)
        return result.output
    }

    /// Writes `text` to a file in the session folder and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs kubectl until its output satisfies `condition` or `timeout` passes; returns the last output.
    func eventually(_ arguments: [String], timeout: TimeInterval = 60, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var output = ""
        while Date() < deadline {
            output = try await kubectl(arguments).output
            if condition(output) { return output }
            try await Task.sleep(for: .milliseconds(250))
        }
        return output
    }

    /// Starts kubectl in the background (for `-w` and `logs -f`), collecting its output.
    func background(_ arguments: [String]) throws -> StreamingProcess {
        try StreamingProcess("/usr/bin/kubectl", ["--kubeconfig", kubeconfig, "--cache-dir", directory.appendingPathComponent("kube-cache").path] + arguments)
    }
}
