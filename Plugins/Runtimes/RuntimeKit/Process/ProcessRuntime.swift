import Foundation
import PluginSDK

/// The `process` runtime plugin: one instance per node, each container a real local process.
/// Routes each CRI call (`CRIRuntime.handle`) to its engine.
final class ProcessRuntime: CRIRuntime {
    /// `VersionResponse.runtimeName`.
    static let runtimeName = "keelson-process"
    /// `VersionResponse.runtimeVersion`.
    static let runtimeVersion = "0.1.0"

    /// The engine that answers the CRI calls.
    let engine: ProcessEngine

    init(host: KeelsonHost, config: Data) throws {
        self.engine = ProcessEngine(config: try ProcessRuntimeConfig.parse(config))
    }

    /// Kills every process the instance started (no orphans outlive it).
    func shutdown() {
        engine.close()
    }

    deinit {
        engine.close()
    }

    /// The runtime's name and version.
    func version() -> VersionResponse {
        VersionResponse(version: "0.1.0", runtimeName: Self.runtimeName, runtimeVersion: Self.runtimeVersion, runtimeApiVersion: "v1")
    }

    /// RuntimeReady (always) and NetworkReady (config `networkReady`).
    func status(verbose: Bool) throws -> StatusResponse {
        var info: [String: String] = [:]
        if verbose {
            let podCIDR = try engine.withState { state, _ in state.podCIDR }
            info["config"] = "{\"podCIDR\":\"\(podCIDR)\",\"defaultWorkingDir\":\"\(engine.config.defaultWorkingDir)\"}"
        }
        return .ready(network: engine.config.networkReady, info: info, handlers: ProcessEngine.runtimeHandlers)
    }
}
