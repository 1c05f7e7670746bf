import ArgumentParser
import Foundation
import Kernel

/// `keelson delete KIND NAME...` or `keelson delete -f FILE`.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Delete objects by name or by manifest.")

    @OptionGroup var options: ClientOptions

    @Option(name: [.short, .customLong("filename")], help: "Manifest whose objects are deleted.")
    var files: [String] = []

    @Argument(help: "Resource and names: pods web-1 web-2.")
    var arguments: [String] = []

    func run() async throws {
        let client = try options.client()
        var targets: [(ResourceType, String?, String)] = []
        for file in files {
            for object in try Manifests.read(file) {
                let type = try Manifests.resourceType(of: object, file: file)
                targets.append((type, type.namespaced ? object.namespace ?? options.namespace ?? "default" : nil, object.name ?? ""))
            }
        }
        if let resource = arguments.first {
            guard let type = ResourceType.named(resource) else {
                throw CLIError("the server doesn't have a resource type \"\(resource)\"")
            }
            for name in arguments.dropFirst() {
                targets.append((type, type.namespaced ? options.namespace ?? "default" : nil, name))
            }
        }
        if targets.isEmpty { throw CLIError("name a resource and objects, or pass -f FILE") }
        var failed = false
        for (type, namespace, name) in targets {
            do {
                _ = try await client.delete(type, namespace: namespace, name: name)
                print("\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)") \"\(name)\" deleted")
            } catch {
                failed = true
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}
