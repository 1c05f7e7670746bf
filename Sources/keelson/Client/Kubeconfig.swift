import Foundation
import Kernel

/// The kubeconfig `keelson up` writes into the data dir, and reading a server out of one.
enum Kubeconfig {
    static let contextName = "keelson"

    /// The kubeconfig document for a server URL.
    static func document(server: String, token: String?) -> JSONValue {
        var user: JSONValue = [:]
        if let token { user["token"] = .string(token) }
        return [
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [["name": "keelson", "cluster": ["server": .string(server)]]],
            "users": [["name": "keelson-admin", "user": user]],
            "contexts": [["name": .string(contextName), "context": ["cluster": "keelson", "user": "keelson-admin", "namespace": "default"]]],
            "current-context": .string(contextName),
            "preferences": [:],
        ]
    }

    /// Writes the kubeconfig (JSON is valid YAML, and kubectl reads either), readable by the owner only.
    static func write(server: String, token: String?, to path: String) throws {
        let data = document(server: server, token: token).serialized(pretty: true)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        chmod(path, 0o600)
    }

    /// The server and token of the current context of the kubeconfig at `path`.
    static func read(_ path: String) throws -> (server: URL, token: String?) {
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
        return (url, user?["token"]?.stringValue)
    }
}

/// A CLI failure: printed as one line, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
