import ArgumentParser
import Dispatch
import Foundation
import Kernel
import Logging

/// `keelson up`: the whole cluster in one process.
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a cluster: store, API server, controllers, scheduler, DNS and simulated nodes.")

    @Option(name: .long, help: "Cluster config file (YAML). Without one, the defaults run a 3-node cluster.")
    var config: String?

    @Option(name: .customLong("data-dir"), help: "Where the store, kubeconfig and node state live (overrides the config's dataDir).")
    var dataDir: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "notice"

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .notice
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var clusterConfig = try ClusterConfig.load(file: config)
        if let dataDir { clusterConfig.dataDir = dataDir }
        let file = config ?? ClusterConfig.defaultsLabel

        let catalog = PluginLocations.scan(config: clusterConfig)
        for rejection in catalog.rejected {
            print("keelson: plugin rejected: \(rejection.file): \(rejection.reason)")
        }
        for plugin in catalog.loaded {
            print("keelson: plugin loaded: \(plugin.info.name) \(plugin.info.version) (\(plugin.info.kind.rawValue)) from \(plugin.info.file)")
        }
        let checked = PluginConfigs(config: clusterConfig, catalog: catalog, file: file, dataDir: clusterConfig.dataDir)
        for problem in checked.skipped { print("keelson: skipping: \(problem)") }
        let schedulers = SchedulerPlans(config: checked.config, catalog: catalog, file: file)
        let fatal = checked.fatal + schedulers.fatal
        guard fatal.isEmpty else {
            for problem in fatal { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitCode(2)
        }

        let runtime = ClusterRuntime(config: checked.config, catalog: catalog, schedulers: schedulers, logger: Logger(label: "keelson"))
        let task = Task { try await runtime.run() }
        let signals = Self.onTerminationSignal { task.cancel() }
        defer { signals.forEach { $0.cancel() } }
        do {
            try await task.value
        } catch is CancellationError {
        }
        print("keelson: stopped")
    }

    /// Calls `handler` on SIGINT or SIGTERM (instead of the default immediate exit).
    private static func onTerminationSignal(_ handler: @escaping @Sendable () -> Void) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }
}
