import ArgumentParser
import Foundation

/// How the client commands find the cluster: `--server`, else `--kubeconfig`, else $KUBECONFIG,
/// else the kubeconfig that `keelson up` wrote into the data dir.
struct ClientOptions: ParsableArguments {
    @Option(name: .long, help: "API server URL, https://127.0.0.1:6443 (token and CA still come from the kubeconfig).")
    var server: String?

    @Option(name: .long, help: "kubeconfig file to read the server from.")
    var kubeconfig: String?

    @Option(name: .customLong("data-dir"), help: "Data dir of the cluster (its kubeconfig is used).")
    var dataDir: String = "./keelson-data"

    @Option(name: [.short, .long], help: "Namespace.")
    var namespace: String?

    /// The client for the chosen cluster. `--server` overrides the kubeconfig's server; the
    /// token and CA still come from the kubeconfig when one is found.
    func client() throws -> APIClient {
        let path = kubeconfig ?? ProcessInfo.processInfo.environment["KUBECONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: dataDir).appendingPathComponent("kubeconfig").path
        let found = FileManager.default.fileExists(atPath: path)
        if let server {
            guard let url = URL(string: server) else { throw CLIError("--server \(server) is not a URL") }
            guard found, let credentials = try? Kubeconfig.read(path) else { return APIClient(server: url, token: nil) }
            return APIClient(server: url, token: credentials.token, certificateAuthorityPEM: credentials.certificateAuthorityPEM,
                             insecureSkipTLSVerify: credentials.insecureSkipTLSVerify)
        }
        guard found else {
            throw CLIError("no kubeconfig at \(path): start a cluster with `keelson up`, or pass --server or --kubeconfig")
        }
        let credentials = try Kubeconfig.read(path)
        return APIClient(server: credentials.server, token: credentials.token, certificateAuthorityPEM: credentials.certificateAuthorityPEM,
                         insecureSkipTLSVerify: credentials.insecureSkipTLSVerify)
    }
}
