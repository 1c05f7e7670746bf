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
        // Controllers update objects all the time (status, annotations): a conflict means "read
        // again and reapply", as kubectl does.
        for _ in 0..<5 {
            let current: JSONValue
            do {
                current = try await client.get(type, namespace: namespace, name: name)
            } catch let failure as APIClient.Failure where failure.code == 404 {
                _ = try await client.create(type, namespace: namespace, object: desired)
                return "\(label) created"
            }
            if Self.holds(desired, in: current) { return "\(label) unchanged" }
            do {
                _ = try await client.replace(type, namespace: namespace, name: name, object: Self.merged(desired, over: current))
                return "\(label) configured"
            } catch let failure as APIClient.Failure where failure.code == 409 {
                continue
            }
        }
        throw CLIError("\(label): the object kept changing while it was applied; try again")
    }

    /// The manifest as a replacement of `current`: what the manifest says, plus what the server
    /// owns (resourceVersion for the conflict check, uid, creation time, status, and fields the
    /// server allocated that the manifest leaves out, like a Service's clusterIP).
    static func merged(_ desired: JSONValue, over current: JSONValue) -> JSONValue {
        var merged = desired
        for key in ["resourceVersion", "uid", "creationTimestamp", "generation"] {
            merged[path: "metadata", key] = current[path: "metadata", key]
        }
        merged["status"] = current["status"]
        if current.kind == "Service", desired[path: "spec", "clusterIP"] == nil {
            merged[path: "spec", "clusterIP"] = current[path: "spec", "clusterIP"]
            merged[path: "spec", "clusterIPs"] = current[path: "spec", "clusterIPs"]
        }
        return merged
    }

    /// Whether every field the manifest sets already has that value in `current` (fields the
    /// server defaulted or maintains are ignored): then applying changes nothing.
    static func holds(_ desired: JSONValue, in current: JSONValue) -> Bool {
        switch (desired, current) {
        case (.object(let wanted), .object(let have)):
            return wanted.allSatisfy { key, value in have[key].map { holds(value, in: $0) } ?? false }
        case (.array(let wanted), .array(let have)):
            return wanted.count == have.count && zip(wanted, have).allSatisfy { holds($0, in: $1) }
        case (.int(let wanted), .double(let have)), (.double(let have), .int(let wanted)):
            return Double(wanted) == have
        default:
            return desired == current
        }
    }
}
