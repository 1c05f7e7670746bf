import Foundation
import Kernel

/// The kubeconfig `keelson up` writes into the data dir, and reading a server out of one.
enum Kubeconfig {
    static let contextName = "keelson"

    /// What the client needs from a kubeconfig's current context.
    struct Credentials {
        /// The API server URL.
        var server: URL
        /// The bearer token, if the user has one.
        var token: String?
        /// The CA to trust for an https server (PEM), from certificate-authority-data or the
        /// certificate-authority file.
        var certificateAuthorityPEM: String?
        /// insecure-skip-tls-verify.
        var insecureSkipTLSVerify = false
    }

    /// The kubeconfig document for a server URL, its CA (PEM) and the admin's token.
    static func document(server: String, token: String?, certificateAuthorityPEM: String? = nil) -> JSONValue {
        var user: JSONValue = [:]
        if let token { user["token"] = .string(token) }
        var cluster: JSONValue = ["server": .string(server)]
        if let certificateAuthorityPEM {
            cluster["certificate-authority-data"] = .string(Data(certificateAuthorityPEM.utf8).base64EncodedString())
        }
        return [
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [["name": "keelson", "cluster": cluster]],
            "users": [["name": "keelson-admin", "user": user]],
            "contexts": [["name": .string(contextName), "context": ["cluster": "keelson", "user": "keelson-admin", "namespace": "default"]]],
            "current-context": .string(contextName),
            "preferences": [:],
        ]
    }

    /// Writes the kubeconfig (JSON is valid YAML, and kubectl reads either), readable by the owner only.
    static func write(server: String, token: String?, certificateAuthorityPEM: String? = nil, to path: String) throws {
        let data = document(server: server, token: token, certificateAuthorityPEM: certificateAuthorityPEM).serialized(pretty: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        chmod(path, 0o600)
    }

    /// The server, token and CA of the current context of the kubeconfig at `path`.
    static func read(_ path: String) throws -> Credentials {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let documents = try Manifests.parse(text, file: path)
        guard let config = documents.first else { throw CLIError("\(path): empty kubeconfig") }
        let contextName = config["current-context"]?.stringValue ?? ""
        let context = config["contexts"]?.arrayValue?.first { $0["name"]?.stringValue == contextName }?["context"]
        let clusterName = context?["cluster"]?.stringValue
        let userName = context?["user"]?.stringValue
        let cluster = config["clusters"]?.arrayValue?.first { $0["name"]?.stringValue == clusterName }?["cluster"]
        let user = config["users"]?.arrayValue?.first { $0["name"]?.stringValue == userName }?["user"]
        guard let server = cluster?["server"]?.stringValue, let url = URL(string: server) else {
            throw CLIError("\(path): current-context \"\(contextName)\" names no cluster with a server")
        }
        var credentials = Credentials(server: url, token: user?["token"]?.stringValue)
        if let data = cluster?["certificate-authority-data"]?.stringValue {
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw CLIError("\(path): certificate-authority-data of cluster \"\(clusterName ?? "")\" is not base64")
            }
            credentials.certificateAuthorityPEM = String(decoding: decoded, as: UTF8.self)
        } else if let file = cluster?["certificate-authority"]?.stringValue {
            let resolved = file.hasPrefix("/") ? file : URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(file).path
            guard let pem = try? String(contentsOfFile: resolved, encoding: .utf8) else {
                throw CLIError("\(path): cannot read certificate-authority \(resolved)")
            }
            credentials.certificateAuthorityPEM = pem
        }
        if let file = user?["tokenFile"]?.stringValue, credentials.token == nil {
            credentials.token = (try? String(contentsOfFile: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        credentials.insecureSkipTLSVerify = cluster?["insecure-skip-tls-verify"]?.boolValue ?? false
        return credentials
    }
}

/// A CLI failure: printed as one line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
