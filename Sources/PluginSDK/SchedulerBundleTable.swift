import Foundation
import PluginABI
import Synchronization

extension SchedulerBundlePluginInfo {
    /// Describes a plugin whose requeue events are (resource, action) pairs; nil: every event.
    public init(name: String, extensionPoints: UInt32, events: [(resource: String, action: String)]?) {
        self.init(name: name, extensionPoints: extensionPoints, eventsJSON: events.map(SchedulerBundleJSON.events))
    }
}

/// Builds the `keelson_scheduler_v2` table of a Swift bundle: the plugin list and default config
/// as C strings that live as long as the library, and every hook forwarding to the instance's
/// `SchedulerBundlePlugin` through the `InstanceBox` error barrier.
///
/// Hooks returning `keelson_status` give a thrown `PluginError`'s status (any other error:
/// `KEELSON_ERR_INTERNAL`) with its message in `last_error`; hooks returning a framework code
/// give `KEELSON_FW_ERROR` with the message written to `reasons` as `["message"]`; `queue_less`
/// answers false and the void hooks (`unreserve`, `post_bind`, the frees) drop the error after
/// recording it as the last error.
public enum SchedulerBundleTable {
    /// Tables built so far, by key (one per bundle of the library).
    private static let built = Mutex<[String: UInt]>([:])

    /// The table for `key` (the bundle's name), built on first use and kept for the lifetime of
    /// the library; later calls with the same key return the first table.
    public static func pointer(key: String, plugins: [SchedulerBundlePluginInfo], defaultConfigJSON: String?) -> UnsafeRawPointer {
        built.withLock { tables in
            if let existing = tables[key], let pointer = UnsafeRawPointer(bitPattern: existing) { return pointer }
            let infos = UnsafeMutablePointer<keelson_sched_plugin_info>.allocate(capacity: max(plugins.count, 1))
            for (position, plugin) in plugins.enumerated() {
                (infos + position).initialize(to: keelson_sched_plugin_info(
                    struct_size: UInt32(MemoryLayout<keelson_sched_plugin_info>.size),
                    extension_points: plugin.extensionPoints,
                    name_plugin_owned: UnsafePointer(strdup(plugin.name)),
                    events_json_plugin_owned: plugin.eventsJSON.map { UnsafePointer(strdup($0)) } ?? nil
                ))
            }
            let pointer = PluginEntry.table(keelson_scheduler_v2(
                struct_size: UInt32(MemoryLayout<keelson_scheduler_v2>.size),
                plugin_count: UInt32(plugins.count),
                plugins_plugin_owned: UnsafePointer(infos),
                default_config_json_plugin_owned: defaultConfigJSON.map { UnsafePointer(strdup($0)) } ?? nil,
                node_event: nodeEvent,
                pod_event: podEvent,
                namespace_event: namespaceEvent,
                plugin_new: pluginNew,
                plugin_free: pluginFree,
                pod_new: podNew,
                pod_free: podFree,
                cycle_begin: cycleBegin,
                cycle_end: cycleEnd,
                assume: assume,
                forget: forget,
                pre_enqueue: preEnqueue,
                queue_less: queueLess,
                pre_filter: preFilter,
                filter: filter,
                post_filter: postFilter,
                pre_score: preScore,
                score: score,
                reserve: reserve,
                unreserve: unreserve,
                permit: permit,
                pre_bind: preBind,
                bind: bind,
                post_bind: postBind
            ))
            tables[key] = UInt(bitPattern: pointer)
            return pointer
        }
    }

    // MARK: The error barriers

    private typealias Bundle = any SchedulerBundlePlugin
    private typealias Sink = UnsafeMutablePointer<keelson_sink>

    /// A hook returning `keelson_status`.
    private static func status(_ instance: OpaquePointer?, _ body: (Bundle) throws -> Void) -> keelson_status {
        InstanceBox.call(instance, as: Bundle.self, body)
    }

    /// A hook returning a framework code: the status's reasons go to `reasons`; an error becomes
    /// `KEELSON_FW_ERROR` with its message as the one reason.
    private static func code(_ instance: OpaquePointer?, _ reasons: Sink?, _ body: (Bundle) throws -> SchedulerHookStatus) -> UInt8 {
        var code = UInt8(KEELSON_FW_ERROR)
        let result = InstanceBox.call(instance, as: Bundle.self) { bundle in
            let status = try body(bundle)
            if !status.reasons.isEmpty { try Bytes.write(SchedulerBundleJSON.strings(status.reasons), to: reasons) }
            code = status.code
        }
        guard result == KEELSON_OK else {
            try? Bytes.write(SchedulerBundleJSON.strings([lastMessage(instance)]), to: reasons)
            return UInt8(KEELSON_FW_ERROR)
        }
        return code
    }

    /// A hook without a result: an error is only recorded as the last error.
    private static func void(_ instance: OpaquePointer?, _ body: (Bundle) throws -> Void) {
        _ = InstanceBox.call(instance, as: Bundle.self, body)
    }

    /// The message of the call that just failed on this thread.
    private static func lastMessage(_ instance: OpaquePointer?) -> String {
        guard let box = InstanceBox.from(instance) else { return "scheduler bundle: NULL instance" }
        return box.lastError.map { String(cString: $0) } ?? "scheduler bundle: call failed"
    }

    /// A handle the host passed back; NULL is an invalid argument.
    private static func handle(_ pointer: OpaquePointer?, _ what: String) throws -> UnsafeMutableRawPointer {
        guard let pointer else { throw PluginError.invalidArgument("NULL \(what) handle") }
        return UnsafeMutableRawPointer(pointer)
    }

    private static func raw(_ pointer: UnsafePointer<CChar>?, _ len: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: pointer.map(UnsafeRawPointer.init), count: pointer == nil ? 0 : len)
    }

    // MARK: Cluster state

    private static let nodeEvent: @convention(c) (OpaquePointer?, UInt32, UnsafePointer<CChar>?, Int) -> keelson_status = {
        instance, index, event, len in
        status(instance) { try $0.nodeEvent(index: index, raw(event, len)) }
    }

    private static let podEvent: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> keelson_status = {
        instance, event, len in
        status(instance) { try $0.podEvent(raw(event, len)) }
    }

    private static let namespaceEvent: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int) -> keelson_status = {
        instance, event, len in
        status(instance) { try $0.namespaceEvent(raw(event, len)) }
    }

    // MARK: Plugins, pods and cycles

    private static let pluginNew: @convention(c) (
        OpaquePointer?, UInt32, UnsafePointer<CChar>?, Int, UInt32, UnsafePointer<CChar>?, Int,
        UnsafeMutablePointer<OpaquePointer?>?, Sink?
    ) -> keelson_status = { instance, profile, name, nameLen, points, args, argsLen, out, error in
        let result = status(instance) { bundle in
            guard let out else { throw PluginError.invalidArgument("plugin_new: NULL out_plugin") }
            let made = try bundle.newPlugin(profile: profile, name: Bytes.string(name, nameLen), points: points, args: raw(args, argsLen))
            out.pointee = OpaquePointer(made)
        }
        if result != KEELSON_OK { try? Bytes.write(lastMessage(instance), to: error) }
        return result
    }

    private static let pluginFree: @convention(c) (OpaquePointer?, OpaquePointer?) -> Void = { instance, plugin in
        void(instance) { $0.freePlugin(try handle(plugin, "plugin")) }
    }

    private static let podNew: @convention(c) (
        OpaquePointer?, UnsafePointer<CChar>?, Int, UnsafeMutablePointer<OpaquePointer?>?
    ) -> keelson_status = { instance, pod, len, out in
        status(instance) { bundle in
            guard let out else { throw PluginError.invalidArgument("pod_new: NULL out_pod") }
            out.pointee = OpaquePointer(try bundle.newPod(raw(pod, len)))
        }
    }

    private static let podFree: @convention(c) (OpaquePointer?, OpaquePointer?) -> Void = { instance, pod in
        void(instance) { $0.freePod(try handle(pod, "pod")) }
    }

    private static let cycleBegin: @convention(c) (
        OpaquePointer?, OpaquePointer?, UnsafeMutablePointer<OpaquePointer?>?
    ) -> keelson_status = { instance, pod, out in
        status(instance) { bundle in
            guard let out else { throw PluginError.invalidArgument("cycle_begin: NULL out_cycle") }
            out.pointee = OpaquePointer(try bundle.beginCycle(pod: try handle(pod, "pod")))
        }
    }

    private static let cycleEnd: @convention(c) (OpaquePointer?, OpaquePointer?) -> Void = { instance, cycle in
        void(instance) { $0.endCycle(try handle(cycle, "cycle")) }
    }

    private static let assume: @convention(c) (OpaquePointer?, OpaquePointer?, UInt32) -> keelson_status = {
        instance, cycle, node in
        status(instance) { try $0.assume(cycle: try handle(cycle, "cycle"), node: node) }
    }

    private static let forget: @convention(c) (OpaquePointer?, OpaquePointer?) -> keelson_status = { instance, cycle in
        status(instance) { try $0.forget(cycle: try handle(cycle, "cycle")) }
    }

    // MARK: Extension points

    private static let preEnqueue: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, Sink?) -> UInt8 = {
        instance, plugin, pod, reasons in
        code(instance, reasons) { try $0.preEnqueue(plugin: try handle(plugin, "plugin"), pod: try handle(pod, "pod")) }
    }

    private static let queueLess: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt64, OpaquePointer?, UInt64
    ) -> Bool = { instance, plugin, a, aTime, b, bTime in
        var less = false
        void(instance) { bundle in
            less = try bundle.queueLess(
                plugin: try handle(plugin, "plugin"), try handle(a, "pod"), aTime, try handle(b, "pod"), bTime)
        }
        return less
    }

    private static let preFilter: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, Sink?, Sink?) -> UInt8 = {
        instance, plugin, cycle, nodes, reasons in
        code(instance, reasons) { bundle in
            let (status, narrowed) = try bundle.preFilter(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"))
            if status.code == UInt8(KEELSON_FW_SUCCESS), let narrowed {
                try Bytes.write(SchedulerBundleJSON.indices(narrowed), to: nodes)
            }
            return status
        }
    }

    private static let filter: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafePointer<UInt32>?, Int, UnsafeMutablePointer<UInt8>?,
        UnsafeMutablePointer<Int32>?, Sink?
    ) -> keelson_status = { instance, plugin, cycle, nodes, count, codes, reasonIndices, reasonLists in
        status(instance) { bundle in
            guard count == 0 || (nodes != nil && codes != nil && reasonIndices != nil) else {
                throw PluginError.invalidArgument("filter: NULL node or result array")
            }
            let lists = try bundle.filter(
                plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"),
                nodes: UnsafeBufferPointer(start: nodes, count: count),
                codes: UnsafeMutableBufferPointer(start: codes, count: count),
                reasonIndices: UnsafeMutableBufferPointer(start: reasonIndices, count: count))
            try Bytes.write(SchedulerBundleJSON.stringLists(lists), to: reasonLists)
        }
    }

    private static let postFilter: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafePointer<UInt32>?, UnsafePointer<UInt8>?, Int, Sink?, Sink?, Sink?
    ) -> UInt8 = { instance, plugin, cycle, nodes, codes, count, result, reasons, verdicts in
        code(instance, reasons) { bundle in
            let (status, outcome, decided) = try bundle.postFilter(
                plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"),
                nodes: UnsafeBufferPointer(start: nodes, count: nodes == nil ? 0 : count),
                codes: UnsafeBufferPointer(start: codes, count: codes == nil ? 0 : count))
            if status.code == UInt8(KEELSON_FW_SUCCESS), let outcome {
                try Bytes.write(SchedulerBundleJSON.postFilterResult(outcome), to: result)
            }
            if !decided.isEmpty { try Bytes.write(SchedulerBundleJSON.verdicts(decided), to: verdicts) }
            return status
        }
    }

    private static let preScore: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafePointer<UInt32>?, Int, Sink?
    ) -> UInt8 = { instance, plugin, cycle, nodes, count, reasons in
        code(instance, reasons) { bundle in
            try bundle.preScore(
                plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"),
                nodes: UnsafeBufferPointer(start: nodes, count: nodes == nil ? 0 : count))
        }
    }

    private static let score: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UnsafePointer<UInt32>?, Int, UnsafeMutablePointer<Int64>?, Sink?
    ) -> UInt8 = { instance, plugin, cycle, nodes, count, scores, reasons in
        code(instance, reasons) { bundle in
            guard count == 0 || (nodes != nil && scores != nil) else {
                throw PluginError.invalidArgument("score: NULL node or score array")
            }
            return try bundle.score(
                plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"),
                nodes: UnsafeBufferPointer(start: nodes, count: count),
                scores: UnsafeMutableBufferPointer(start: scores, count: count))
        }
    }

    private static let reserve: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32, Sink?) -> UInt8 = {
        instance, plugin, cycle, node, reasons in
        code(instance, reasons) { try $0.reserve(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node) }
    }

    private static let unreserve: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32, Sink?) -> Void = {
        instance, plugin, cycle, node, verdicts in
        void(instance) { bundle in
            let decided = try bundle.unreserve(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node)
            if !decided.isEmpty { try Bytes.write(SchedulerBundleJSON.verdicts(decided), to: verdicts) }
        }
    }

    private static let permit: @convention(c) (
        OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32, UnsafeMutablePointer<Int64>?, Sink?, Sink?
    ) -> UInt8 = { instance, plugin, cycle, node, timeout, reasons, verdicts in
        code(instance, reasons) { bundle in
            let (status, milliseconds, decided) = try bundle.permit(
                plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node)
            timeout?.pointee = milliseconds
            if !decided.isEmpty { try Bytes.write(SchedulerBundleJSON.verdicts(decided), to: verdicts) }
            return status
        }
    }

    private static let preBind: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32, Sink?) -> UInt8 = {
        instance, plugin, cycle, node, reasons in
        code(instance, reasons) { try $0.preBind(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node) }
    }

    private static let bind: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32, Sink?) -> UInt8 = {
        instance, plugin, cycle, node, reasons in
        code(instance, reasons) { try $0.bind(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node) }
    }

    private static let postBind: @convention(c) (OpaquePointer?, OpaquePointer?, OpaquePointer?, UInt32) -> Void = {
        instance, plugin, cycle, node in
        void(instance) { try $0.postBind(plugin: try handle(plugin, "plugin"), cycle: try handle(cycle, "cycle"), node: node) }
    }
}
