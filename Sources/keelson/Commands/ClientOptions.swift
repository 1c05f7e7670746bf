import ArgumentParser
import Foundation

/// How the client commands find the cluster: `--server`, else `--kubeconfig`, else $KUBECONFIG,
/// else the kubeconfig that `keelson up` wrote into the data dir.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "API server URL, http://127.0.0.1:6443.")
    var server: String?

    @Option(name: .long, help: "kubeconfig file to read the server from.")
    var kubeconfig: String?

    @Option(name: .customLong("data-dir"), help: "Data dir of the cluster (its kubeconfig is used).")
    var dataDir: String = "./keelson-data"

    @Option(name: [.short, .long], help: "Namespace.")
    var namespace: String?

    func client() throws -> APIClient {
        if let server {
            guard let url = URL(string: server) else { throw CLIError("--server \(server) is not a URL") }
            return APIClient(server: url, token: nil)
        }
        let path = kubeconfig ?? ProcessInfo.processInfo.environment["KUBECONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: dataDir).appendingPathComponent("kubeconfig").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CLIError("no kubeconfig at \(path): start a cluster with `keelson up`, or pass --server or --kubeconfig")
        }
        let (url, token) = try Kubeconfig.read(path)
        return APIClient(server: url, token: token)
    }
}
