import Foundation
import PluginSDK

/// Every call into a simulated cloud passes here first: it reads the run-time inventory
/// (`CloudInventory`) through the host, waits out the injected latency and throws the
/// injected fault. Instances named in the plugin's config as deleted or shut down count as
/// such in addition to the inventory's. Unusable inventory lines are logged once each.
public final class InventoryGate: @unchecked Sendable {
    private let host: KeelsonHost
    private let deleted: Set<String>
    private let stopped: Set<String>
    // Touched under the host's per-instance serialization only.
    private var reported: Set<String> = []

    /// A gate over the host's inventory ConfigMap plus the config's lists.
    public init(host: KeelsonHost, deleted: [String], stopped: [String]) {
        self.host = host
        self.deleted = Set(deleted)
        self.stopped = Set(stopped)
    }

    /// The inventory now, with the config's lists merged in. A missing ConfigMap (or one the
    /// host does not let this instance read) is an empty inventory.
    public func inventory() -> CloudInventory {
        var inventory = CloudInventory()
        if let object = try? host.getObject("configmaps", namespace: CloudInventory.namespace, name: CloudInventory.name),
            let configMap = try? JSONDecoder().decode(ConfigMapData.self, from: object) {
            inventory = CloudInventory(data: configMap.data ?? [:])
        }
        for problem in inventory.problems where reported.insert(problem).inserted {
            host.log(.warning, "\(CloudInventory.namespace)/\(CloudInventory.name): \(problem)")
        }
        inventory.deleted.formUnion(deleted)
        inventory.stopped.formUnion(stopped)
        return inventory
    }

    /// Waits the latency injected for `operation`, then throws its fault; returns the inventory.
    @discardableResult
    public func pass(_ operation: String) throws -> CloudInventory {
        let inventory = inventory()
        if let latency = inventory.latency(for: operation) {
            let (seconds, attoseconds) = latency.components
            Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
        }
        if let fault = inventory.fault(for: operation) { throw fault }
        return inventory
    }

    private struct ConfigMapData: Decodable {
        var data: [String: String]?
    }
}
