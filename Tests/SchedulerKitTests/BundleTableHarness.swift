import Foundation
import PluginABI
import PluginSDK
@testable import SchedulerKit

/// Drives a scheduler bundle through its real C descriptor and `keelson_scheduler_v2` table, in
/// process, as the host does: a fake host table (no services), sinks that collect what the
/// plugin writes, and one Swift method per hook.
final class BundleTableHarness {
    /// A result sink collecting the bytes written to it.
    final class Sink {
        /// What was written.
        var bytes = Data()
        /// The written bytes as text.
        var text: String { String(decoding: bytes, as: UTF8.self) }

        /// Calls `body` with a `keelson_sink` appending to this object.
        func with<R>(_ body: (UnsafeMutablePointer<keelson_sink>) throws -> R) rethrows -> R {
            var sink = keelson_sink(
                struct_size: UInt32(MemoryLayout<keelson_sink>.size),
                host_context_host_owned: Unmanaged.passUnretained(self).toOpaque(),
                write: { sink, data, len in
                    guard let sink, let context = sink.pointee.host_context_host_owned else { return Int32(KEELSON_ERR_INTERNAL) }
                    let owner = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
                    if let data, len > 0 { owner.bytes.append(UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: len) }
                    return Int32(KEELSON_OK)
                })
            return try withUnsafeMutablePointer(to: &sink) { try body($0) }
        }
    }

    /// The descriptor under test.
    let descriptor: UnsafePointer<keelson_plugin_descriptor>
    /// Its scheduler table.
    let table: keelson_scheduler_v2
    /// The fake host table handed to `create` (kept alive as long as the instance).
    private let host: UnsafeMutablePointer<keelson_host>
    /// The created instance.
    private(set) var instance: OpaquePointer?

    /// Loads default-scheduler's descriptor and creates an instance with `config`.
    init(config: String = "{}") throws {
        guard let raw = SchedulerKitEntry.descriptor(for: .defaultScheduler, hostMajor: UInt16(KEELSON_ABI_MAJOR)) else {
            throw PluginError.internalError("no descriptor")
        }
        descriptor = raw.assumingMemoryBound(to: keelson_plugin_descriptor.self)
        table = descriptor.pointee.interface_plugin_owned.assumingMemoryBound(to: keelson_scheduler_v2.self).pointee
        host = .allocate(capacity: 1)
        host.initialize(to: keelson_host(
            struct_size: UInt32(MemoryLayout<keelson_host>.size), abi_major: UInt16(KEELSON_ABI_MAJOR),
            abi_minor: UInt16(KEELSON_ABI_MINOR), log: nil, get_object: nil, list_objects: nil, watch: nil,
            cancel_watch: nil, emit_event: nil, report_status: nil, cni_delegate: nil))
        let error = Sink()
        var made: OpaquePointer?
        let status = Bytes.with(config) { pointer, len in
            error.with { descriptor.pointee.create!(host, pointer, len, &made, $0) }
        }
        guard status == KEELSON_OK else { throw PluginError(status, error.text) }
        instance = made
    }

    deinit {
        descriptor.pointee.destroy!(instance)
        host.deallocate()
    }

    /// The Swift instance behind the C handle (to look at its snapshot).
    var bundle: FrameworkBundle<DefaultSchedulerCatalogue> {
        InstanceBox.from(instance)!.plugin as! FrameworkBundle<DefaultSchedulerCatalogue>
    }

    // MARK: Cluster state

    /// Sends a node watch event for the host's `index`.
    @discardableResult
    func node(_ index: UInt32, _ nodeJSON: String, type: String = "ADDED") -> keelson_status {
        Bytes.with("{\"type\":\"\(type)\",\"object\":\(nodeJSON)}") { table.node_event!(instance, index, $0, $1) }
    }

    /// Sends a pod watch event.
    @discardableResult
    func podEvent(_ podJSON: String, type: String = "ADDED") -> keelson_status {
        Bytes.with("{\"type\":\"\(type)\",\"object\":\(podJSON)}") { table.pod_event!(instance, $0, $1) }
    }

    // MARK: Plugins, pods, cycles

    /// Creates a plugin; the handle, or the status and error message.
    func plugin(_ name: String, profile: UInt32 = 1, points: UInt32, args: String = "null")
        -> (handle: OpaquePointer?, status: keelson_status, error: String)
    {
        let error = Sink()
        var handle: OpaquePointer?
        let status = Bytes.with(name) { namePointer, nameLen in
            Bytes.with(args) { argsPointer, argsLen in
                error.with { table.plugin_new!(instance, profile, namePointer, nameLen, points, argsPointer, argsLen, &handle, $0) }
            }
        }
        return (handle, status, error.text)
    }

    /// Decodes a pod and starts a cycle for it.
    func cycle(_ podJSON: String) throws -> OpaquePointer? {
        var pod: OpaquePointer?
        let status = Bytes.with(podJSON) { table.pod_new!(instance, $0, $1, &pod) }
        guard status == KEELSON_OK else { throw PluginError(status, "pod_new failed") }
        var cycle: OpaquePointer?
        guard table.cycle_begin!(instance, pod, &cycle) == KEELSON_OK else { throw PluginError.internalError("cycle_begin failed") }
        table.pod_free!(instance, pod)
        return cycle
    }

    // MARK: Extension points

    /// PreFilter: the code, the narrowed node list JSON ("" when none) and the reasons JSON.
    func preFilter(_ plugin: OpaquePointer?, _ cycle: OpaquePointer?) -> (code: UInt8, nodes: String, reasons: String) {
        let nodes = Sink()
        let reasons = Sink()
        let code = nodes.with { n in reasons.with { r in table.pre_filter!(instance, plugin, cycle, n, r) } }
        return (code, nodes.text, reasons.text)
    }

    /// Filter over `nodes`: the status, a code and reason index per node, the reason lists JSON.
    func filter(_ plugin: OpaquePointer?, _ cycle: OpaquePointer?, _ nodes: [UInt32])
        -> (status: keelson_status, codes: [UInt8], reasonIndices: [Int32], lists: String)
    {
        var codes = [UInt8](repeating: 0, count: nodes.count)
        var indices = [Int32](repeating: -1, count: nodes.count)
        let lists = Sink()
        let status = lists.with { sink in
            table.filter!(instance, plugin, cycle, nodes, nodes.count, &codes, &indices, sink)
        }
        return (status, codes, indices, lists.text)
    }

    /// PreScore over `nodes`.
    func preScore(_ plugin: OpaquePointer?, _ cycle: OpaquePointer?, _ nodes: [UInt32]) -> (code: UInt8, reasons: String) {
        let reasons = Sink()
        let code = reasons.with { table.pre_score!(instance, plugin, cycle, nodes, nodes.count, $0) }
        return (code, reasons.text)
    }

    /// Score over `nodes`: the code and the normalized scores.
    func score(_ plugin: OpaquePointer?, _ cycle: OpaquePointer?, _ nodes: [UInt32]) -> (code: UInt8, scores: [Int64], reasons: String) {
        var scores = [Int64](repeating: -1, count: nodes.count)
        let reasons = Sink()
        let code = reasons.with { table.score!(instance, plugin, cycle, nodes, nodes.count, &scores, $0) }
        return (code, scores, reasons.text)
    }

    /// Reserve on `node`.
    func reserve(_ plugin: OpaquePointer?, _ cycle: OpaquePointer?, _ node: UInt32) -> (code: UInt8, reasons: String) {
        let reasons = Sink()
        let code = reasons.with { table.reserve!(instance, plugin, cycle, node, $0) }
        return (code, reasons.text)
    }
}
