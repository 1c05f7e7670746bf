import ArgumentParser
import Foundation
import Kernel

/// `keelson get KIND [NAME]`.
struct Get: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show objects: pods, nodes, services, deployments, ...")

    @OptionGroup var options: ClientOptions

    @Argument(help: "Resource: pods, po, nodes, svc, deploy, rs, ep, ns, events.")
    var resource: String

    @Argument(help: "Object names.")
    var names: [String] = []

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false

    @Option(name: [.short, .customLong("output")], help: "wide, json, yaml or name.")
    var output: String?

    @Option(name: [.short, .customLong("selector")], help: "Label selector, app=web.")
    var selector: String?

    func run() async throws {
        guard let type = ResourceType.named(resource) else {
            throw CLIError("the server doesn't have a resource type \"\(resource)\"")
        }
        guard let format = Printer.Format(rawValue: output ?? "table") else {
            throw CLIError("unknown output format \"\(output ?? "")\" (use wide, json, yaml or name)")
        }
        let client = try options.client()
        let namespace = type.namespaced ? (allNamespaces ? nil : options.namespace ?? "default") : nil
        let items: [JSONValue]
        if names.isEmpty {
            items = try await client.list(type, namespace: namespace, labelSelector: selector)["items"]?.arrayValue ?? []
        } else {
            var found: [JSONValue] = []
            for name in names { found.append(try await client.get(type, namespace: namespace ?? options.namespace ?? "default", name: name)) }
            items = found
        }
        try Printer.print(items, type: type, format: format, allNamespaces: allNamespaces)
    }
}
