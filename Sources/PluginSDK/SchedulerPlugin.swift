import Foundation
import PluginABI

/// What a scheduler decided for one pod.
public enum SchedulingDecision: Sendable, Equatable {
    /// The pod goes to this node; the scheduler now counts it there ("assumed").
    case node(String)
    /// No node fits; the reason in Kubernetes' form, "0/3 nodes are available: 3 Insufficient cpu.".
    case unschedulable(String)
}

/// A scheduler plugin written in Swift (interface `keelson_scheduler_v1`).
///
/// The host tells the instance about every Node and Pod change (Kubernetes watch JSON,
/// `{"type":"ADDED|MODIFIED|DELETED","object":{...}}`) and asks it to place one pod at a time.
/// Calls into one instance never overlap unless the plugin declares `KEELSON_CAP_THREAD_SAFE`.
public protocol SchedulerPlugin: KeelsonPlugin {
    /// A Node was added, changed or deleted.
    func nodeEvent(_ event: Data) throws
    /// A Pod was added, changed or deleted (bound or not).
    func podEvent(_ event: Data) throws
    /// Chooses a node for the pod (its JSON). On `.node` the pod counts as placed there until a
    /// pod event confirms it or `unreserve` withdraws it.
    func schedule(pod: Data) throws -> SchedulingDecision
    /// Binding the pod to `node` failed: forget the assumption `schedule` made.
    func unreserve(pod: Data, node: String) throws
}

extension SchedulerPlugin {
    /// The C function table for a scheduler written in Swift, for `PluginEntry.descriptor(interface:)`.
    public static func table() -> UnsafeRawPointer { SchedulerPluginTable.pointer }

    /// The default does nothing: the next pod event corrects the cache.
    public func unreserve(pod: Data, node: String) throws {}
}

/// The `keelson_scheduler_v1` table whose functions forward to a `SchedulerPlugin` instance
/// through `InstanceBox.call` (the error barrier).
public enum SchedulerPluginTable {
    /// The table, allocated once for the lifetime of the library.
    // Immutable after its thread-safe lazy initialisation; the pointee is never written again.
    nonisolated(unsafe) public static let pointer: UnsafeRawPointer = PluginEntry.table(keelson_scheduler_v1(
        struct_size: UInt32(MemoryLayout<keelson_scheduler_v1>.size),
        node_event: nodeEvent,
        pod_event: podEvent,
        schedule: schedule,
        unreserve: unreserve
    ))

    private static let nodeEvent: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> keelson_status = {
        instance, event, len in
        InstanceBox.call(instance, as: (any SchedulerPlugin).self) { try $0.nodeEvent(Bytes.data(event, len)) }
    }

    private static let podEvent: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> keelson_status = {
        instance, event, len in
        InstanceBox.call(instance, as: (any SchedulerPlugin).self) { try $0.podEvent(Bytes.data(event, len)) }
    }

    private static let schedule: @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<keelson_sink>?
    ) -> keelson_status = { instance, pod, len, out in
        InstanceBox.call(instance, as: (any SchedulerPlugin).self) { plugin in
            switch try plugin.schedule(pod: Bytes.data(pod, len)) {
            case .node(let name):
                try Bytes.write(name, to: out)
            case .unschedulable(let reason):
                // The reason goes to the sink (the ABI's place for it) and to last_error.
                try Bytes.write(reason, to: out)
                throw PluginError(Int32(KEELSON_ERR_UNSCHEDULABLE), reason)
            }
        }
    }

    private static let unreserve: @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int, UnsafePointer<CChar>?, Int
    ) -> keelson_status = { instance, pod, podLen, node, nodeLen in
        InstanceBox.call(instance, as: (any SchedulerPlugin).self) {
            try $0.unreserve(pod: Bytes.data(pod, podLen), node: Bytes.string(node, nodeLen))
        }
    }
}
