import ArgumentParser
import Kernel

/// The `keelson` command: starts a cluster and talks to it.
@main
struct Keelson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keelson",
        abstract: "A Kubernetes-style orchestrator whose schedulers, runtimes, networks, DNS and clouds are plugins.",
        version: KeelsonVersion.version,
        subcommands: [Up.self, Apply.self, Get.self, Delete.self, NodeCommand.self, PluginsCommand.self, ProxyCommand.self]
    )
}
