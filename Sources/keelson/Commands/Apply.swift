import ArgumentParser
import Foundation
import Kernel

/// `keelson apply -f FILE`: creates each object, or replaces it when it exists.
struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or update objects from YAML or JSON manifests.")

    @OptionGroup var options: ClientOptions

    @Option(name: [.short, .customLong("filename")], help: "Manifest file (repeatable; - reads standard input).")
    var files: [String]

    func run() async throws {
        let client = try options.client()
        var failed = false
        for file in files {
            for object in try Manifests.read(file) {
                do {
                    print(try await apply(object, file: file, client: client))
                } catch {
                    failed = true
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    private func apply(_ object: JSONValue, file: String, client: APIClient) async throws -> String {
        let type = try Manifests.resourceType(of: object, file: file)
        guard let name = object.name else { throw CLIError("\(file): a \(type.kind) needs metadata.name") }
        let namespace = type.namespaced ? (object.namespace ?? options.namespace ?? "default") : nil
        var desired = object
        if let namespace { desired.namespace = namespace }
        let label = "\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)")/\(name)"
        do {
            let current = try await client.get(type, namespace: namespace, name: name)
            var merged = desired
            merged.resourceVersion = current.resourceVersion
            if let status = current["status"] { merged["status"] = status }
            for key in ["uid", "creationTimestamp", "generation"] {
                merged[path: "metadata", key] = current[path: "metadata", key]
            }
            if type == .services, let clusterIP = current[path: "spec", "clusterIP"], desired[path: "spec", "clusterIP"] == nil {
                merged[path: "spec", "clusterIP"] = clusterIP
                merged[path: "spec", "clusterIPs"] = current[path: "spec", "clusterIPs"]
            }
            if strip(merged) == strip(current) { return "\(label) unchanged" }
            _ = try await client.replace(type, namespace: namespace, name: name, object: merged)
            return "\(label) configured"
        } catch let failure as APIClient.Failure where failure.code == 404 {
            _ = try await client.create(type, namespace: namespace, object: desired)
            return "\(label) created"
        }
    }

    /// The object without server-maintained metadata, to tell "unchanged" from "configured".
    private func strip(_ object: JSONValue) -> JSONValue {
        var copy = object
        for key in ["resourceVersion", "managedFields", "generation"] { copy[path: "metadata", key] = nil }
        copy["status"] = nil
        return copy
    }
}
