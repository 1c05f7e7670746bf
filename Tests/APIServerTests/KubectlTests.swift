import APIServer
import Foundation
import Kernel
import Testing

/// Runs kubectl against a server with no kubeconfig (and extra environment variables),
/// returning its exit status and output.
func kubectl(port: Int, _ arguments: [String], cacheDir: String, environment extra: [String: String] = [:]) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await Blocking.run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kubectl")
        process.arguments = ["--server", "http://127.0.0.1:\(port)", "--cache-dir", cacheDir, "--request-timeout", "60s"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECONFIG"] = "/dev/null"
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}

/// Runs kubectl against a server with no kubeconfig, records an issue naming the command when
/// it fails, and returns its standard output.
@discardableResult
func kubectlSucceeds(port: Int, _ arguments: [String], cacheDir: String,
                     sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
    let result = try await kubectl(port: port, arguments, cacheDir: cacheDir)
    #expect(result.status == 0, "kubectl \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
}

@Suite("Real kubectl")
struct KubectlTests {
    @Test("kubectl get pods -A -o json and get namespaces work", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
    func getPods() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            _ = try await api.create(.pods, namespace: "kube-system", object: pod("dns"))

            let pods = try await kubectl(port: port, ["get", "pods", "-A", "-o", "json"], cacheDir: directory.path("cache"))
            #expect(pods.status == 0, "kubectl failed: \(pods.stderr)")
            let list = try JSONValue(parsing: pods.stdout)
            let names = (list["items"]?.arrayValue ?? []).map { "\($0.namespace ?? "")/\($0.name ?? "")" }
            #expect(Set(names) == ["default/web", "kube-system/dns"])

            let namespaces = try await kubectl(port: port, ["get", "namespaces"], cacheDir: directory.path("cache"))
            #expect(namespaces.status == 0, "kubectl failed: \(namespaces.stderr)")
            for name in ClusterAPI.systemNamespaces {
                #expect(namespaces.stdout.contains(name))
            }
        }
    }
}
