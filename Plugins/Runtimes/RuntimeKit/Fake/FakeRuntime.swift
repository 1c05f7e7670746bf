import Foundation
import PluginSDK

/// A fake CRI runtime (containerd-like, docker-shim, cri-o-like): one instance per node. Routes
/// each CRI call (`CRIRuntime.handle`) to the shared engine; `Identity` says which real runtime it imitates.
final class FakeRuntime<Identity: FlavorProvider>: CRIRuntime {
    private let host: KeelsonHost
    /// The engine that answers the CRI calls.
    let engine: RuntimeEngine

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        let flavor = Identity.flavor
        self.engine = RuntimeEngine(config: try RuntimeConfig.parse(config, flavor: flavor), flavor: flavor)
    }

    func shutdown() {
        engine.close()
    }

    /// The flavor's names and versions.
    func version() -> VersionResponse {
        let flavor = engine.flavor
        return VersionResponse(version: flavor.kubeletApiVersion, runtimeName: flavor.runtimeName,
                               runtimeVersion: flavor.runtimeVersion, runtimeApiVersion: flavor.runtimeApiVersion)
    }

    /// RuntimeReady (always), NetworkReady (config `networkReady`), the flavor's handlers.
    func status(verbose: Bool) throws -> StatusResponse {
        var info: [String: String] = [:]
        if verbose {
            let podCIDR = try engine.withState { state, _ in state.podCIDR }
            info["config"] = "{\"sandboxImage\":\"\(engine.config.sandboxImage)\",\"podCIDR\":\"\(podCIDR)\"}"
        }
        return .ready(network: engine.config.networkReady, info: info, handlers: [""] + engine.flavor.runtimeHandlers)
    }
}
