import ArgumentParser
import Foundation
import Kernel

/// `keelson plugins`: what is in the plugin folders.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List and inspect plugins.",
        subcommands: [List.self, Inspect.self, Probe.self]
    )

    struct Locations: ParsableArguments {
        @Option(name: .long, help: "Cluster config file whose pluginDirs are scanned.")
        var config: String?

        @Option(name: .customLong("plugin-dir"), help: "An extra folder to scan (repeatable).")
        var pluginDirs: [String] = []

        func scan() throws -> PluginCatalog {
            PluginLocations.scan(config: try ClusterConfig.load(file: config), extra: pluginDirs)
        }
    }

    /// `keelson plugins list`: every plugin, loaded or not and why.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List plugins: name, kind, version, ABI, file, and whether each loaded.")

        @OptionGroup var locations: Locations

        @Option(name: [.short, .customLong("output")], help: "table or json.")
        var output: String = "table"

        func run() throws {
            let catalog = try locations.scan()
            if output == "json" {
                let loaded: [JSONValue] = try catalog.loaded.map { try JSONValue.encoding($0.info) }
                let rejected: [JSONValue] = try catalog.rejected.map { try JSONValue.encoding($0) }
                print(String(decoding: JSONValue.object(["loaded": .array(loaded), "rejected": .array(rejected)]).serialized(pretty: true), as: UTF8.self))
                return
            }
            var rows = [["NAME", "KIND", "VERSION", "ABI", "INTERFACE", "FILE", "STATUS"]]
            for plugin in catalog.loaded {
                let info = plugin.info
                rows.append([info.name, info.kind.rawValue, info.version, info.abiVersion, info.interfaceVersion, info.file, "loaded"])
            }
            for rejection in catalog.rejected {
                rows.append(["-", "-", "-", "-", "-", rejection.file, "rejected: \(rejection.reason)"])
            }
            Printer.table(rows)
        }
    }

    /// `keelson plugins inspect NAME`: the whole descriptor and the config schema.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a plugin's descriptor and config schema.")

        @OptionGroup var locations: Locations

        @Argument(help: "The plugin's name.")
        var name: String

        func run() throws {
            let catalog = try locations.scan()
            guard let plugin = catalog.plugin(named: name) else {
                let known = catalog.loaded.map(\.info.name).joined(separator: ", ")
                throw CLIError("no loaded plugin named \"\(name)\" (loaded: \(known.isEmpty ? "none" : known))")
            }
            let info = plugin.info
            Printer.table([
                ["Name:", info.name], ["Kind:", info.kind.rawValue], ["Version:", info.version],
                ["Description:", info.description], ["ABI:", info.abiVersion],
                ["Interface:", "\(info.kind.rawValue) \(info.interfaceVersion)"],
                ["Thread-safe:", info.isThreadSafe ? "yes" : "no"],
                ["Capabilities:", String(format: "0x%llx", info.capabilities)], ["File:", info.file],
            ] + FrameworkPluginRows.rows(plugin))
            print("Config schema:")
            if let schema = info.configSchema, let parsed = try? JSONValue(parsing: schema) {
                print(String(decoding: parsed.serialized(pretty: true), as: UTF8.self))
            } else {
                print("  (none: any config object is accepted)")
            }
        }
    }

    /// `keelson plugins probe FILE`: loads one library in this process and reports the verdict;
    /// the plugin host runs it in a child process before loading a library itself.
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load one library and report whether it is a valid plugin.", shouldDisplay: false)

        @Argument(help: "The library.")
        var file: String

        func run() throws {
            switch PluginLoader.load(file: file) {
            case .success(let plugin): print("loaded \(plugin.info.name) \(plugin.info.version) (\(plugin.info.kind.rawValue))")
            case .failure(let rejection): print("rejected: \(rejection.reason)")
            }
        }
    }
}
