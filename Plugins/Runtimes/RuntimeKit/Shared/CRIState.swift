import Foundation
import PluginSDK

/// The bookkeeping every engine keeps behind its lock: sandboxes, containers, reserved names
/// and the pod CIDR.
protocol CRIState: Sendable {
    /// The engine's own part of a container record.
    associatedtype Details: ContainerDetails
    /// Sandboxes by ID.
    var sandboxes: [String: SandboxRecord] { get set }
    /// Containers by ID.
    var containers: [String: ContainerRecord<Details>] { get set }
    /// Reserved sandbox and container names → the ID holding them.
    var names: [String: String] { get set }
    /// The pod CIDR from UpdateRuntimeConfig.
    var podCIDR: String { get set }
}

extension CRIState {
    /// The sandbox with this ID or unique ID prefix.
    func sandboxID(_ id: String) throws -> String {
        try Self.uniqueID(id, among: sandboxes, kind: "sandbox")
    }

    /// The container with this ID or unique ID prefix.
    func containerID(_ id: String) throws -> String {
        try Self.uniqueID(id, among: containers, kind: "container")
    }

    /// The key of `table` that is `id` or the only one starting with it; NOT_FOUND (or
    /// INVALID_ARGUMENT for an ambiguous prefix) in the words containerd uses.
    private static func uniqueID<Value>(_ id: String, among table: [String: Value], kind: String) throws -> String {
        if table[id] != nil { return id }
        let matches = id.isEmpty ? [] : table.keys.filter { $0.hasPrefix(id) }
        guard matches.count == 1 else {
            if matches.count > 1 { throw PluginError.invalidArgument("\(kind) ID prefix \"\(id)\" is ambiguous") }
            throw PluginError.notFound("an error occurred when try to find \(kind) \"\(id)\": not found")
        }
        return matches[0]
    }

    /// Whether `labels` has every pair of `selector`.
    static func matches(_ labels: [String: String], _ selector: [String: String]?) -> Bool {
        (selector ?? [:]).allSatisfy { labels[$0.key] == $0.value }
    }
}
