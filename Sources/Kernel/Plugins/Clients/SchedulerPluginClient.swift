import Foundation
import PluginABI

/// What a scheduler plugin decided for one pod.
public enum ScheduleOutcome: Sendable, Equatable {
    /// Bind the pod to this node (the scheduler now counts it there).
    case node(String)
    /// No node fits; the reason in Kubernetes' form, "0/3 nodes are available: 3 Insufficient cpu.".
    case unschedulable(String)
}

/// Drives a scheduler plugin instance (`keelson_scheduler_v1`): feeds it node and pod changes and
/// asks it to place pods. Every method throws `PluginCallError` when the plugin fails.
public struct SchedulerPluginClient: Sendable {
    /// The plugin instance called.
    public let instance: PluginInstance

    /// Wraps an instance of a scheduler-kind plugin.
    public init(_ instance: PluginInstance) {
        self.instance = instance
    }

    /// Tells the scheduler a Node was added, changed or deleted.
    public func nodeEvent(_ event: WatchEvent) async throws {
        let hook = table.node_event
        let payload = event.json.serialized()
        _ = try await instance.call("node_event") { handle, _ in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return withBytes(payload) { hook(handle, $0, $1) }
        }
    }

    /// Tells the scheduler a Pod was added, changed or deleted.
    public func podEvent(_ event: WatchEvent) async throws {
        let hook = table.pod_event
        let payload = event.json.serialized()
        _ = try await instance.call("pod_event") { handle, _ in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return withBytes(payload) { hook(handle, $0, $1) }
        }
    }

    /// Asks for a node for `pod`. An unschedulable pod is an outcome, not an error; any other
    /// failure throws.
    public func schedule(pod: JSONValue) async throws -> ScheduleOutcome {
        let hook = table.schedule
        let payload = pod.serialized()
        let outcome = await instance.callRaw("schedule") { handle, sink in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return withBytes(payload) { hook(handle, $0, $1, sink) }
        }
        let text = String(decoding: outcome.data, as: UTF8.self)
        switch outcome.status {
        case Int32(KEELSON_OK):
            guard !text.isEmpty else { throw failure("schedule", Int32(KEELSON_ERR_INTERNAL), "the scheduler chose no node") }
            return .node(text)
        case Int32(KEELSON_ERR_UNSCHEDULABLE):
            return .unschedulable(text.isEmpty ? outcome.lastError ?? "0/0 nodes are available." : text)
        default:
            throw failure("schedule", outcome.status, outcome.lastError ?? (text.isEmpty ? "no message" : text))
        }
    }

    /// Tells the scheduler that binding `pod` to `node` failed, so it forgets the assumption.
    /// A plugin without the optional hook needs nothing.
    public func unreserve(pod: JSONValue, node: String) async throws {
        guard let hook = table.unreserve else { return }
        let payload = pod.serialized()
        let name = Data(node.utf8)
        _ = try await instance.call("unreserve") { handle, _ in
            withBytes(payload) { pod, podLen in
                withBytes(name) { hook(handle, pod, podLen, $0, $1) }
            }
        }
    }

    private func failure(_ operation: String, _ status: Int32, _ message: String) -> PluginCallError {
        PluginCallError(plugin: instance.plugin.info.name, operation: operation, status: status, message: message)
    }

    /// The plugin's `keelson_scheduler_v1` table.
    private var table: keelson_scheduler_v1 { instance.plugin.table(keelson_scheduler_v1.self) }
}

/// Calls `body` with `data` as a borrowed (pointer, length) pair valid during the call.
private func withBytes<R>(_ data: Data, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
    data.withUnsafeBytes { raw in body(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count) }
}
