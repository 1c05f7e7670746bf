import Foundation
import PluginABI

/// Drives a scheduler bundle (`keelson_scheduler_v2`, scheduler interface 2.0) over a plugin
/// instance: the host's scheduling framework calls it from its own scheduling thread.
///
/// Every call is synchronous and direct (`PluginInstance.callDirect`: on the caller's thread,
/// no dispatch hop), counted per hook name in the instance's statistics, and writes into sinks
/// the client owns and reuses, so a call the plugin answers without output allocates nothing.
/// Outputs follow the header: reasons arrays become `FrameworkStatus.reasons`; a code the header
/// does not define, or output of the wrong shape, becomes an Error status naming the bundle and
/// hook. Calls must never overlap (the `SchedulerBundle` contract).
public final class SchedulerBundleClient: SchedulerBundle, @unchecked Sendable {
    // Safe to share: the stored properties are immutable except the sinks' contents, which are
    // only touched inside calls, and calls never overlap (SchedulerBundle's contract).
    /// The plugin instance called.
    public let instance: PluginInstance
    /// The bundle's plugin name, for messages.
    public let bundleName: String
    /// The framework plugins the bundle offers (validated at load).
    public let plugins: [FrameworkPluginInfo]
    /// The bundle's default KubeSchedulerConfiguration, nil when it has none.
    public let defaultConfig: JSONValue?
    /// The bundle's function table, copied once.
    private let table: keelson_scheduler_v2
    /// Receives reasons arrays.
    private let reasonsSink = ResultSink(limit: 1 << 20)
    /// Receives the other outputs (nodes, reason lists, results, verdicts, errors).
    private let outputSink = ResultSink()
    /// Receives PostFilter's verdicts (its result goes to `outputSink`).
    private let verdictSink = ResultSink()

    /// Wraps an instance of a scheduler plugin of interface 2.0. Throws `PluginRejection` (file
    /// and reason) when the plugin is not a bundle or its plugin list is malformed.
    public init(_ instance: PluginInstance) throws {
        let plugin = instance.plugin
        guard Self.isFrameworkBundle(plugin) else {
            throw PluginRejection(
                file: plugin.info.file,
                reason: "plugin \(plugin.info.name): \(plugin.info.kind.rawValue) interface \(plugin.info.interfaceVersion) is not a scheduler bundle (interface 2.0)")
        }
        let table = plugin.table(keelson_scheduler_v2.self)
        let manifest = try Self.manifest(plugin)
        self.instance = instance
        self.bundleName = plugin.info.name
        self.table = table
        self.plugins = manifest.plugins
        self.defaultConfig = manifest.defaultConfig
    }

    /// Whether a loaded plugin is a scheduler bundle (scheduler kind, interface major 2), which
    /// `SchedulerBundleClient` drives, rather than a scheduler of interface 1.0.
    public static func isFrameworkBundle(_ plugin: LoadedPlugin) -> Bool {
        plugin.info.kind == .scheduler && plugin.info.interfaceMajor == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR)
    }

    /// The framework plugins a loaded bundle offers, without creating an instance (for
    /// `keelson plugins inspect`). Throws `PluginRejection` for a plugin that is not a bundle.
    public static func frameworkPlugins(of plugin: LoadedPlugin) throws -> [FrameworkPluginInfo] {
        guard isFrameworkBundle(plugin) else {
            throw PluginRejection(file: plugin.info.file, reason: "plugin \(plugin.info.name) is not a scheduler bundle (interface 2.0)")
        }
        return try manifest(plugin).plugins
    }

    /// The KubeSchedulerConfiguration a loaded bundle declares for `schedulers:` entries without
    /// a config, without creating an instance; nil when it declares none.
    public static func defaultConfig(of plugin: LoadedPlugin) throws -> JSONValue? {
        guard isFrameworkBundle(plugin) else {
            throw PluginRejection(file: plugin.info.file, reason: "plugin \(plugin.info.name) is not a scheduler bundle (interface 2.0)")
        }
        return try manifest(plugin).defaultConfig
    }

    /// Reads and validates a bundle's plugin list and default config.
    private static func manifest(_ plugin: LoadedPlugin) throws -> SchedulerBundleManifest {
        do {
            return try SchedulerBundleManifest(plugin.table(keelson_scheduler_v2.self))
        } catch {
            throw PluginRejection(file: plugin.info.file, reason: "plugin \(plugin.info.name): scheduler bundle table: \(error.description)")
        }
    }

    // MARK: Cluster state

    /// Sends a Node's watch event with the host's index for it.
    public func nodeEvent(index: UInt32, _ event: WatchEvent) throws {
        let hook = table.node_event
        let payload = SchedulerPayload.event(event)
        try statusCall("node_event") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return Self.withBytes(payload) { hook(handle, index, $0, $1) }
        }
    }

    /// Sends a Pod's watch event.
    public func podEvent(_ event: WatchEvent) throws {
        try podEvent(payload: SchedulerPayload.event(event))
    }

    /// Sends a Pod's watch event already written as its payload.
    public func podEvent(payload: Data) throws {
        let hook = table.pod_event
        try statusCall("pod_event") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return Self.withBytes(payload) { hook(handle, $0, $1) }
        }
    }

    /// Sends a Namespace's watch event.
    public func namespaceEvent(_ event: WatchEvent) throws {
        let hook = table.namespace_event
        let payload = SchedulerPayload.event(event)
        try statusCall("namespace_event") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return Self.withBytes(payload) { hook(handle, $0, $1) }
        }
    }

    // MARK: Plugins, pods and cycles

    /// Creates plugin `name` of profile `profile` enabled at `points` with `args` ("null" when
    /// nil). Throws `PluginCallError` with the plugin's one-line message when it refuses.
    public func newPlugin(profile: UInt32, name: String, points: FrameworkPoints, args: JSONValue?) throws -> BundleHandle {
        let hook = table.plugin_new
        let nameBytes = Data(name.utf8)
        let argsBytes = (args ?? .null).serialized()
        let sink = outputSink
        var created: OpaquePointer?
        let outcome = instance.callDirect("plugin_new") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            let error = sink.reset()
            return Self.withBytes(nameBytes) { namePointer, nameLength in
                Self.withBytes(argsBytes) { hook(handle, profile, namePointer, nameLength, points.rawValue, $0, $1, &created, error) }
            }
        }
        guard outcome.status == KEELSON_OK else {
            let message = sink.isEmpty ? outcome.lastError ?? "plugin_new failed" : sink.text
            throw PluginCallError(plugin: bundleName, operation: "plugin_new \(name)", status: outcome.status, message: message)
        }
        guard let created else {
            throw PluginCallError(plugin: bundleName, operation: "plugin_new \(name)", status: Int32(KEELSON_ERR_INTERNAL), message: "returned OK without a plugin")
        }
        return Self.handle(created)
    }

    /// Releases a plugin.
    public func freePlugin(_ plugin: BundleHandle) {
        guard let hook = table.plugin_free else { return }
        _ = instance.callDirect("plugin_free") { handle in
            hook(handle, Self.pointer(plugin))
            return Int32(KEELSON_OK)
        }
    }

    /// Decodes a pod's JSON bytes for PreEnqueue, QueueSort and cycles.
    public func newPod(_ podJSON: Data) throws -> BundleHandle {
        let hook = table.pod_new
        var created: OpaquePointer?
        try statusCall("pod_new") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return Self.withBytes(podJSON) { hook(handle, $0, $1, &created) }
        }
        return try Self.handle(created, "pod_new", bundleName)
    }

    /// Releases a decoded pod.
    public func freePod(_ pod: BundleHandle) {
        guard let hook = table.pod_free else { return }
        _ = instance.callDirect("pod_free") { handle in
            hook(handle, Self.pointer(pod))
            return Int32(KEELSON_OK)
        }
    }

    /// Starts a scheduling attempt of a decoded pod.
    public func beginCycle(pod: BundleHandle) throws -> BundleHandle {
        let hook = table.cycle_begin
        var created: OpaquePointer?
        try statusCall("cycle_begin") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return hook(handle, Self.pointer(pod), &created)
        }
        return try Self.handle(created, "cycle_begin", bundleName)
    }

    /// Ends an attempt.
    public func endCycle(_ cycle: BundleHandle) {
        guard let hook = table.cycle_end else { return }
        _ = instance.callDirect("cycle_end") { handle in
            hook(handle, Self.pointer(cycle))
            return Int32(KEELSON_OK)
        }
    }

    /// Counts the cycle's pod on node `node` until it is bound or forgotten.
    public func assume(_ cycle: BundleHandle, node: UInt32) throws {
        let hook = table.assume
        try statusCall("assume") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return hook(handle, Self.pointer(cycle), node)
        }
    }

    /// Withdraws `assume`.
    public func forget(_ cycle: BundleHandle) throws {
        let hook = table.forget
        try statusCall("forget") { handle in
            guard let hook else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return hook(handle, Self.pointer(cycle))
        }
    }

    // MARK: Extension points

    /// PreEnqueue.
    public func preEnqueue(_ plugin: BundleHandle, pod: BundleHandle) -> FrameworkStatus {
        guard let hook = table.pre_enqueue else { return missing("pre_enqueue") }
        return codeCall("pre_enqueue") { handle, reasons in hook(handle, Self.pointer(plugin), Self.pointer(pod), reasons) }
    }

    /// QueueSort: whether `a` goes before `b`; without the hook (or on a destroyed instance),
    /// the earlier-queued pod goes first.
    public func queueLess(_ plugin: BundleHandle, _ a: BundleHandle, _ aTime: UInt64, _ b: BundleHandle, _ bTime: UInt64) -> Bool {
        guard let hook = table.queue_less else { return aTime < bTime }
        var less = aTime < bTime
        _ = instance.callDirect("queue_less", readsLastError: false) { handle in
            less = hook(handle, Self.pointer(plugin), Self.pointer(a), aTime, Self.pointer(b), bTime)
            return Int32(KEELSON_OK)
        }
        return less
    }

    /// PreFilter; on success, the node indices the plugin wrote (nil when it wrote none: all).
    public func preFilter(_ plugin: BundleHandle, cycle: BundleHandle) -> (FrameworkStatus, nodes: [UInt32]?) {
        guard let hook = table.pre_filter else { return (missing("pre_filter"), nil) }
        let nodesSink = outputSink
        let status = codeCall("pre_filter") { handle, reasons in
            hook(handle, Self.pointer(plugin), Self.pointer(cycle), nodesSink.reset(), reasons)
        }
        guard status.code == .success, !nodesSink.isEmpty else { return (status, nil) }
        guard let value = try? nodesSink.json(), let nodes = BundleOutputs.nodeIndices(value) else {
            return (malformed("pre_filter", "nodes", "a JSON array of node indices", nodesSink), nil)
        }
        return (status, nodes)
    }

    /// Filter over `nodes`, writing a code per node into `codes` (unknown codes become Error)
    /// and, per rejected node, an index into the returned reason lists into `reasonIndices`
    /// (indices outside the lists become -1). Throws `PluginCallError` when the whole call
    /// failed, the buffers are smaller than `nodes`, or the reason lists are malformed.
    public func filter(
        _ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: inout [UInt8], reasonIndices: inout [Int32]
    ) throws -> [[String]] {
        let count = nodes.count
        guard codes.count >= count, reasonIndices.count >= count else {
            throw PluginCallError(
                plugin: bundleName, operation: "filter", status: Int32(KEELSON_ERR_INVALID_ARGUMENT),
                message: "the host passed \(codes.count) codes and \(reasonIndices.count) reason indices for \(count) nodes")
        }
        guard let hook = table.filter else {
            throw PluginCallError(plugin: bundleName, operation: "filter", status: Int32(KEELSON_ERR_UNSUPPORTED), message: "the bundle has no filter hook")
        }
        let sink = outputSink
        let outcome = nodes.withUnsafeBufferPointer { nodePointer in
            codes.withUnsafeMutableBufferPointer { codePointer in
                reasonIndices.withUnsafeMutableBufferPointer { indexPointer in
                    instance.callDirect("filter") { handle in
                        hook(handle, Self.pointer(plugin), Self.pointer(cycle), nodePointer.baseAddress, count,
                             codePointer.baseAddress, indexPointer.baseAddress, sink.reset())
                    }
                }
            }
        }
        guard outcome.status == KEELSON_OK else {
            throw PluginCallError(plugin: bundleName, operation: "filter", status: outcome.status, message: outcome.lastError ?? "no message")
        }
        var lists: [[String]] = []
        if !sink.isEmpty {
            guard let value = try? sink.json(), let parsed = BundleOutputs.reasonLists(value) else {
                throw PluginCallError(
                    plugin: bundleName, operation: "filter", status: Int32(KEELSON_ERR_INTERNAL),
                    message: "reason_lists is not a JSON array of arrays of strings: \(Self.excerpt(sink))")
            }
            lists = parsed
        }
        Self.sanitize(codes: &codes, reasonIndices: &reasonIndices, count: count, lists: Int32(lists.count))
        return lists
    }

    /// Makes Filter's output safe for the host: unknown codes become Error, and reason indices
    /// of rejected nodes outside the `lists` reason lists become -1. One pass over raw buffers.
    private static func sanitize(codes: inout [UInt8], reasonIndices: inout [Int32], count: Int, lists: Int32) {
        let highest = FrameworkCode.pending.rawValue, error = FrameworkCode.error.rawValue
        codes.withUnsafeMutableBufferPointer { codes in
            reasonIndices.withUnsafeMutableBufferPointer { indices in
                let raw = UnsafeRawBufferPointer(codes)
                var index = 0
                while index < count {
                    // Most nodes pass: skip eight Success codes at a time.
                    if index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) == 0 {
                        index += 8
                        continue
                    }
                    if codes[index] != 0 {
                        if codes[index] > highest { codes[index] = error }
                        if indices[index] >= lists || indices[index] < -1 { indices[index] = -1 }
                    }
                    index += 1
                }
            }
        }
    }

    /// PostFilter (preemption) with every node's filter code; on success, the nominated node
    /// and victims (an Error status when the result is missing or malformed); either way, any
    /// decisions about other waiting pods (malformed verdicts are dropped).
    public func postFilter(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: [UInt8])
        -> (FrameworkStatus, PostFilterResult?, verdicts: [PermitVerdict])
    {
        guard let hook = table.post_filter else { return (missing("post_filter"), nil, []) }
        guard codes.count >= nodes.count else { return (.error("\(bundleName): post_filter: \(codes.count) codes for \(nodes.count) nodes"), nil, []) }
        let resultSink = outputSink, verdictSink = verdictSink
        let status = nodes.withUnsafeBufferPointer { nodePointer in
            codes.withUnsafeBufferPointer { codePointer in
                codeCall("post_filter") { handle, reasons in
                    hook(handle, Self.pointer(plugin), Self.pointer(cycle), nodePointer.baseAddress, codePointer.baseAddress,
                         nodePointer.count, resultSink.reset(), reasons, verdictSink.reset())
                }
            }
        }
        let verdicts = verdictSink.isEmpty ? [] : ((try? verdictSink.json()).flatMap(BundleOutputs.verdicts) ?? [])
        guard status.code == .success else { return (status, nil, verdicts) }
        guard let value = try? resultSink.json(), let result = BundleOutputs.postFilterResult(value) else {
            return (malformed("post_filter", "result", "{\"nominatedNodeIndex\":N,\"victims\":[...]}", resultSink), nil, verdicts)
        }
        return (status, result, verdicts)
    }

    /// PreScore over the feasible nodes.
    public func preScore(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32]) -> FrameworkStatus {
        guard let hook = table.pre_score else { return missing("pre_score") }
        return nodes.withUnsafeBufferPointer { nodePointer in
            codeCall("pre_score") { handle, reasons in
                hook(handle, Self.pointer(plugin), Self.pointer(cycle), nodePointer.baseAddress, nodePointer.count, reasons)
            }
        }
    }

    /// Score with NormalizeScore: writes each node's score into `scores` (sized like `nodes`).
    /// A score outside 0...100 makes the call an Error.
    public func score(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], scores: inout [Int64]) -> FrameworkStatus {
        guard let hook = table.score else { return missing("score") }
        let count = nodes.count
        guard scores.count >= count else { return .error("\(bundleName): score: \(scores.count) scores for \(count) nodes") }
        let status = nodes.withUnsafeBufferPointer { nodePointer in
            scores.withUnsafeMutableBufferPointer { scorePointer in
                codeCall("score") { handle, reasons in
                    hook(handle, Self.pointer(plugin), Self.pointer(cycle), nodePointer.baseAddress, count, scorePointer.baseAddress, reasons)
                }
            }
        }
        guard status.code == .success else { return status }
        // One branch-free pass (vectorized) tells whether any score is outside 0...100: for a
        // score u (as unsigned), u - 101 keeps its top bit only when u <= 100, and a negative
        // score has its own top bit.
        let anyOutside = scores.withUnsafeBufferPointer { scores in
            var outside: UInt64 = 0
            for index in 0..<count {
                let value = UInt64(bitPattern: scores[index])
                outside |= (((value &- 101) >> 63) ^ 1) | (value >> 63)
            }
            return outside != 0
        }
        if anyOutside, let outside = scores.prefix(count).firstIndex(where: { $0 < 0 || $0 > 100 }) {
            return .error("\(bundleName): score wrote \(scores[outside]) for node \(nodes[outside]), outside 0..100")
        }
        return status
    }

    /// Reserve.
    public func reserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus {
        guard let hook = table.reserve else { return missing("reserve") }
        return codeCall("reserve") { handle, reasons in hook(handle, Self.pointer(plugin), Self.pointer(cycle), node, reasons) }
    }

    /// Unreserve (idempotent), with any decisions about other waiting pods (malformed verdicts
    /// are dropped).
    public func unreserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> [PermitVerdict] {
        guard let hook = table.unreserve else { return [] }
        let sink = outputSink
        _ = instance.callDirect("unreserve", readsLastError: false) { handle in
            hook(handle, Self.pointer(plugin), Self.pointer(cycle), node, sink.reset())
            return Int32(KEELSON_OK)
        }
        guard !sink.isEmpty, let value = try? sink.json() else { return [] }
        return BundleOutputs.verdicts(value) ?? []
    }

    /// Permit: the status (Wait with the plugin's timeout), and decisions about other waiting
    /// pods. Malformed verdicts make the status an Error.
    public func permit(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> (FrameworkStatus, timeout: Duration, verdicts: [PermitVerdict]) {
        guard let hook = table.permit else { return (missing("permit"), .zero, []) }
        let sink = outputSink
        var timeout: Int64 = 0
        let status = codeCall("permit") { handle, reasons in
            hook(handle, Self.pointer(plugin), Self.pointer(cycle), node, &timeout, reasons, sink.reset())
        }
        var verdicts: [PermitVerdict] = []
        if !sink.isEmpty {
            guard let value = try? sink.json(), let parsed = BundleOutputs.verdicts(value) else {
                return (malformed("permit", "verdicts", "[{\"uid\":\"..\",\"allow\":true|false}]", sink), .zero, [])
            }
            verdicts = parsed
        }
        return (status, .milliseconds(max(0, timeout)), verdicts)
    }

    /// PreBind.
    public func preBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus {
        guard let hook = table.pre_bind else { return missing("pre_bind") }
        return codeCall("pre_bind") { handle, reasons in hook(handle, Self.pointer(plugin), Self.pointer(cycle), node, reasons) }
    }

    /// Bind: Skip leaves it to the next binder.
    public func bind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus {
        guard let hook = table.bind else { return missing("bind") }
        return codeCall("bind") { handle, reasons in hook(handle, Self.pointer(plugin), Self.pointer(cycle), node, reasons) }
    }

    /// PostBind.
    public func postBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) {
        guard let hook = table.post_bind else { return }
        _ = instance.callDirect("post_bind", readsLastError: false) { handle in
            hook(handle, Self.pointer(plugin), Self.pointer(cycle), node)
            return Int32(KEELSON_OK)
        }
    }

    // MARK: Calls

    /// Calls a hook returning a `keelson_status`; throws `PluginCallError` unless OK.
    private func statusCall(_ operation: String, _ body: (OpaquePointer?) -> Int32) throws {
        let outcome = instance.callDirect(operation, body)
        guard outcome.status == KEELSON_OK else {
            throw PluginCallError(plugin: bundleName, operation: operation, status: outcome.status, message: outcome.lastError ?? "no message")
        }
    }

    /// Calls a hook returning a framework code with the reasons sink, and turns both into a
    /// status. Statistics count rejections as UNSCHEDULABLE and Error (or an unknown code) as
    /// INTERNAL, so only errors count towards the instance's health.
    private func codeCall(_ operation: String, _ body: (OpaquePointer?, UnsafeMutablePointer<keelson_sink>) -> UInt8) -> FrameworkStatus {
        let sink = reasonsSink
        let lastErrorHook = instance.plugin.lastError
        var code: UInt8 = 0
        var lastError: String?
        let outcome = instance.callDirect(operation, readsLastError: false) { handle in
            code = body(handle, sink.reset())
            let status = Self.statisticsStatus(code)
            if status == KEELSON_ERR_INTERNAL, sink.isEmpty, let read = lastErrorHook, let message = read(handle) {
                lastError = String(cString: message)
            }
            return status
        }
        if outcome.status == KEELSON_ERR_FAILED_PRECONDITION {
            return .error("\(bundleName): \(operation): \(outcome.lastError ?? "the instance was destroyed")")
        }
        guard let known = FrameworkCode(rawValue: code) else {
            return .error("\(bundleName): \(operation) returned unknown framework code \(code)")
        }
        var reasons: [String] = []
        if !sink.isEmpty {
            guard let value = try? sink.json(), let parsed = BundleOutputs.reasons(value) else {
                return malformed(operation, "reasons", "a JSON array of strings", sink)
            }
            reasons = parsed
        }
        if known == .error, reasons.isEmpty { reasons = [lastError ?? "\(bundleName): \(operation) returned Error"] }
        return FrameworkStatus(known, reasons)
    }

    /// The status recorded in the statistics for a framework code.
    private static func statisticsStatus(_ code: UInt8) -> Int32 {
        switch FrameworkCode(rawValue: code) {
        case .success?, .skip?, .wait?: Int32(KEELSON_OK)
        case .unschedulable?, .unschedulableAndUnresolvable?, .pending?: Int32(KEELSON_ERR_UNSCHEDULABLE)
        case .error?, nil: Int32(KEELSON_ERR_INTERNAL)
        }
    }

    /// The Error status for a hook whose output was not of the header's shape.
    private func malformed(_ operation: String, _ output: String, _ expected: String, _ sink: ResultSink) -> FrameworkStatus {
        .error("\(bundleName): \(operation) wrote malformed \(output) (expected \(expected)): \(Self.excerpt(sink))")
    }

    /// The Error status for an extension point the bundle has no hook for.
    private func missing(_ hook: String) -> FrameworkStatus {
        .error("\(bundleName): the bundle has no \(hook) hook (no plugin of it declares that extension point)")
    }

    /// The first bytes a sink received, for messages.
    private static func excerpt(_ sink: ResultSink) -> String {
        let text = sink.text
        return text.count > 200 ? String(text.prefix(200)) + "..." : text
    }

    /// The handle for a plugin-owned pointer.
    private static func handle(_ pointer: OpaquePointer) -> BundleHandle {
        BundleHandle(raw: UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(pointer))))
    }

    /// The handle a creating hook returned, or `PluginCallError` when it returned OK without one.
    private static func handle(_ pointer: OpaquePointer?, _ operation: String, _ bundle: String) throws -> BundleHandle {
        guard let pointer else {
            throw PluginCallError(plugin: bundle, operation: operation, status: Int32(KEELSON_ERR_INTERNAL), message: "returned OK without a handle")
        }
        return handle(pointer)
    }

    /// The plugin-owned pointer a handle stands for.
    private static func pointer(_ handle: BundleHandle) -> OpaquePointer? {
        OpaquePointer(bitPattern: handle.raw)
    }

    /// Calls `body` with `data` as a borrowed (pointer, length) pair valid during the call.
    private static func withBytes<R>(_ data: Data, _ body: (UnsafePointer<CChar>?, Int) -> R) -> R {
        data.withUnsafeBytes { raw in body(raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count) }
    }
}
