import Foundation
import PluginABI

/// A framework status as a bundle hook returns it: a `KEELSON_FW_*` code and the reasons in
/// Kubernetes' wording (`["Insufficient cpu"]`). The common answer, `.success`, allocates nothing.
public struct SchedulerHookStatus: Sendable, Equatable {
    /// One of the `KEELSON_FW_*` codes.
    public var code: UInt8
    /// The reasons (written to the hook's `reasons` sink when not empty).
    public var reasons: [String]

    /// Creates a status.
    public init(code: UInt8, reasons: [String] = []) {
        self.code = code
        self.reasons = reasons
    }

    /// `KEELSON_FW_SUCCESS` without reasons.
    public static let success = SchedulerHookStatus(code: UInt8(KEELSON_FW_SUCCESS))
    /// `KEELSON_FW_SKIP` without reasons.
    public static let skip = SchedulerHookStatus(code: UInt8(KEELSON_FW_SKIP))
}

/// A decision about another pod waiting at Permit, written to a `verdicts` sink as
/// `{"uid":"..","allow":true}` or `{"uid":"..","allow":false,"message":".."}`.
public struct SchedulerWaitingVerdict: Sendable, Equatable {
    /// The waiting pod's uid.
    public var uid: String
    /// Allow (true) or reject (false).
    public var allow: Bool
    /// Why it was rejected.
    public var message: String?

    /// Creates a verdict.
    public init(uid: String, allow: Bool, message: String? = nil) {
        self.uid = uid
        self.allow = allow
        self.message = message
    }
}

/// What a PostFilter plugin (preemption) found, written to the `result` sink as
/// `{"nominatedNodeIndex":N,"victims":[{"namespace":"..","name":"..","uid":".."}]}`.
public struct SchedulerPostFilterResult: Sendable, Equatable {
    /// A pod to evict on the nominated node.
    public struct Victim: Sendable, Equatable {
        /// Its namespace.
        public var namespace: String
        /// Its name.
        public var name: String
        /// Its uid.
        public var uid: String
        /// Creates a victim.
        public init(namespace: String, name: String, uid: String) {
            self.namespace = namespace
            self.name = name
            self.uid = uid
        }
    }

    /// The host's index of the nominated node.
    public var nominatedNodeIndex: UInt32
    /// The pods to evict there.
    public var victims: [Victim]

    /// Creates a result.
    public init(nominatedNodeIndex: UInt32, victims: [Victim]) {
        self.nominatedNodeIndex = nominatedNodeIndex
        self.victims = victims
    }
}

/// One framework plugin a bundle offers, as published in `keelson_scheduler_v2.plugins`.
public struct SchedulerBundlePluginInfo: Sendable, Equatable {
    /// The name profiles use ("NodeResourcesFit").
    public var name: String
    /// The `KEELSON_EP_*` bits of the extension points it implements.
    public var extensionPoints: UInt32
    /// The events it requeues on, as the header's JSON array
    /// (`[{"resource":"Node","action":"Add"}]`); nil: every event.
    public var eventsJSON: String?

    /// Creates the description.
    public init(name: String, extensionPoints: UInt32, eventsJSON: String?) {
        self.name = name
        self.extensionPoints = extensionPoints
        self.eventsJSON = eventsJSON
    }
}

/// A scheduler bundle instance written in Swift (interface 2.0, `keelson_scheduler_v2`): the
/// framework plugins of profiles, decoded pods and scheduling cycles, over a cache the instance
/// keeps from the host's node, pod and namespace notifications.
///
/// Each method mirrors one hook of the C table with cheap types: handles are the raw pointers the
/// instance hands out (`newPlugin`, `newPod`, `beginCycle`) and gets back; node lists are the
/// host's index arrays; per-node results go straight into the host's buffers. Nothing is decoded
/// or allocated per node by the SDK. Calls into one instance never overlap and come from the
/// host's scheduling thread. A thrown error never reaches C: hooks returning a status give its
/// `keelson_status` and last-error message; hooks returning a framework code give
/// `KEELSON_FW_ERROR` with the message as the reason (`SchedulerBundleTable`).
public protocol SchedulerBundlePlugin: KeelsonPlugin {
    // MARK: Cluster state

    /// A Node was added, changed or deleted (watch JSON); `index` is the host's dense number for it.
    func nodeEvent(index: UInt32, _ event: UnsafeRawBufferPointer) throws
    /// A Pod was added, changed or deleted (watch JSON); a bound pod that was assumed is confirmed.
    func podEvent(_ event: UnsafeRawBufferPointer) throws
    /// A Namespace was added, changed or deleted (watch JSON).
    func namespaceEvent(_ event: UnsafeRawBufferPointer) throws

    // MARK: Plugins, pods and cycles

    /// Creates plugin `name` for profile `profile`, enabled at `points` (`KEELSON_EP_*`), from its
    /// args JSON (`null` when none). Throw a `PluginError` whose message is the one-line reason.
    func newPlugin(profile: UInt32, name: String, points: UInt32, args: UnsafeRawBufferPointer) throws -> UnsafeMutableRawPointer
    /// Releases a plugin made by `newPlugin`.
    func freePlugin(_ plugin: UnsafeMutableRawPointer)
    /// Decodes one version of a pod.
    func newPod(_ json: UnsafeRawBufferPointer) throws -> UnsafeMutableRawPointer
    /// Releases a pod made by `newPod`.
    func freePod(_ pod: UnsafeMutableRawPointer)
    /// Starts a scheduling attempt of a decoded pod.
    func beginCycle(pod: UnsafeMutableRawPointer) throws -> UnsafeMutableRawPointer
    /// Ends an attempt.
    func endCycle(_ cycle: UnsafeMutableRawPointer)
    /// Counts the cycle's pod on node `node` until it is bound or forgotten.
    func assume(cycle: UnsafeMutableRawPointer, node: UInt32) throws
    /// Withdraws `assume`.
    func forget(cycle: UnsafeMutableRawPointer) throws

    // MARK: Extension points

    /// PreEnqueue.
    func preEnqueue(plugin: UnsafeMutableRawPointer, pod: UnsafeMutableRawPointer) throws -> SchedulerHookStatus
    /// QueueSort: whether `a` (queued at `aTimestamp` ns) goes before `b`.
    func queueLess(
        plugin: UnsafeMutableRawPointer, _ a: UnsafeMutableRawPointer, _ aTimestamp: UInt64,
        _ b: UnsafeMutableRawPointer, _ bTimestamp: UInt64
    ) throws -> Bool
    /// PreFilter; on success `nodes` are the only node indices worth filtering (nil: every node).
    func preFilter(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer) throws
        -> (status: SchedulerHookStatus, nodes: [UInt32]?)
    /// Filter over `nodes`: writes a code per rejected node into `codes` (zeroed on entry) and an
    /// index into the returned reason lists into `reasonIndices` (-1 on entry).
    func filter(
        plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, nodes: UnsafeBufferPointer<UInt32>,
        codes: UnsafeMutableBufferPointer<UInt8>, reasonIndices: UnsafeMutableBufferPointer<Int32>
    ) throws -> [[String]]
    /// PostFilter with each node's filter code, with decisions about other waiting pods.
    func postFilter(
        plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, nodes: UnsafeBufferPointer<UInt32>,
        codes: UnsafeBufferPointer<UInt8>
    ) throws -> (status: SchedulerHookStatus, result: SchedulerPostFilterResult?, verdicts: [SchedulerWaitingVerdict])
    /// PreScore over the feasible nodes.
    func preScore(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, nodes: UnsafeBufferPointer<UInt32>) throws
        -> SchedulerHookStatus
    /// Score with NormalizeScore: writes 0...100 per node into `scores`.
    func score(
        plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, nodes: UnsafeBufferPointer<UInt32>,
        scores: UnsafeMutableBufferPointer<Int64>
    ) throws -> SchedulerHookStatus
    /// Reserve.
    func reserve(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws -> SchedulerHookStatus
    /// Unreserve (idempotent), with decisions about other waiting pods.
    func unreserve(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws -> [SchedulerWaitingVerdict]
    /// Permit: the status (Wait with `timeoutMilliseconds`) and decisions about other waiting pods.
    func permit(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws
        -> (status: SchedulerHookStatus, timeoutMilliseconds: Int64, verdicts: [SchedulerWaitingVerdict])
    /// PreBind.
    func preBind(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws -> SchedulerHookStatus
    /// Bind: Skip leaves it to the next binder.
    func bind(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws -> SchedulerHookStatus
    /// PostBind (informational).
    func postBind(plugin: UnsafeMutableRawPointer, cycle: UnsafeMutableRawPointer, node: UInt32) throws
}

extension SchedulerBundlePlugin {
    /// The `keelson_scheduler_v2` table serving this bundle type, for
    /// `PluginEntry.descriptor(interface:)`: built once per library and `key`.
    public static func table(key: String, plugins: [SchedulerBundlePluginInfo], defaultConfigJSON: String?) -> UnsafeRawPointer {
        SchedulerBundleTable.pointer(key: key, plugins: plugins, defaultConfigJSON: defaultConfigJSON)
    }
}
