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
        let tabular = format == .table || format == .wide
        let accept = tabular ? APIClient.tableAccept : "application/json"
        if names.isEmpty {
            let list = try await client.list(type, namespace: namespace, labelSelector: selector, accept: accept)
            if tabular {
                Printer.printTable(list, wide: format == .wide, withNamespace: allNamespaces && type.namespaced)
            } else {
                try Printer.print(list["items"]?.arrayValue ?? [], type: type, format: format)
            }
            return
        }
        var items: [JSONValue] = []
        for name in names {
            items.append(try await client.get(type, namespace: namespace ?? options.namespace ?? "default", name: name, accept: accept))
        }
        if tabular {
            // One Table per object: print the header once and every row under it.
            let rows = items.flatMap { $0["rows"]?.arrayValue ?? [] }
            var merged = items.first ?? [:]
            merged["rows"] = .array(rows)
            Printer.printTable(merged, wide: format == .wide, withNamespace: false)
        } else {
            try Printer.print(items, type: type, format: format)
        }
    }
}
