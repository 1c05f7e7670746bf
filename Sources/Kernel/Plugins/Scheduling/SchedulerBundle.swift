import Foundation

/// A scheduler bundle of interface 2.0 as the host's scheduling framework drives it: the
/// framework plugins it offers, the cluster state it caches, and one call per extension point
/// and plugin, batched over node indices (`keelson_scheduler_v2`).
///
/// Every method is synchronous and must be called from the scheduler's own thread, never from a
/// Swift concurrency task (a call blocks until the plugin returns). Calls never overlap.
/// `SchedulerBundleClient` implements it over a loaded `.so`; tests implement it in-process.
public protocol SchedulerBundle: AnyObject, Sendable {
    /// The plugin's name ("default-scheduler"), for messages.
    var bundleName: String { get }
    /// The framework plugins the bundle offers.
    var plugins: [FrameworkPluginInfo] { get }
    /// The KubeSchedulerConfiguration for a `schedulers:` entry naming this bundle without a
    /// config; nil: Kubernetes' defaults with one profile named like the bundle.
    var defaultConfig: JSONValue? { get }

    // MARK: Cluster state

    /// A Node was added, changed or deleted; `index` is the host's number for it.
    func nodeEvent(index: UInt32, _ event: WatchEvent) throws
    /// A Pod was added, changed or deleted.
    func podEvent(_ event: WatchEvent) throws
    /// A Pod was added, changed or deleted, as the watch JSON bundles receive
    /// (`SchedulerPayload.event(type:object:)`), written ahead of time off the scheduler's thread.
    func podEvent(payload: Data) throws
    /// A Namespace was added, changed or deleted.
    func namespaceEvent(_ event: WatchEvent) throws

    // MARK: Plugins, pods and cycles

    /// Creates plugin `name` for profile `profile`, enabled at `points`, with its args.
    func newPlugin(profile: UInt32, name: String, points: FrameworkPoints, args: JSONValue?) throws -> BundleHandle
    /// Releases a plugin.
    func freePlugin(_ plugin: BundleHandle)
    /// Decodes a pod (its JSON bytes) for PreEnqueue, QueueSort and cycles.
    func newPod(_ podJSON: Data) throws -> BundleHandle
    /// Releases a decoded pod.
    func freePod(_ pod: BundleHandle)
    /// Starts a scheduling attempt of a decoded pod.
    func beginCycle(pod: BundleHandle) throws -> BundleHandle
    /// Ends an attempt (after its binding cycle, or at once when it failed).
    func endCycle(_ cycle: BundleHandle)
    /// Counts the cycle's pod on node `node` until it is bound or forgotten.
    func assume(_ cycle: BundleHandle, node: UInt32) throws
    /// Withdraws `assume`.
    func forget(_ cycle: BundleHandle) throws

    // MARK: Extension points

    /// PreEnqueue.
    func preEnqueue(_ plugin: BundleHandle, pod: BundleHandle) -> FrameworkStatus
    /// QueueSort: whether `a` (queued at `aTime` ns) goes before `b`.
    func queueLess(_ plugin: BundleHandle, _ a: BundleHandle, _ aTime: UInt64, _ b: BundleHandle, _ bTime: UInt64) -> Bool
    /// PreFilter; on success, the only node indices worth filtering (nil: all).
    func preFilter(_ plugin: BundleHandle, cycle: BundleHandle) -> (FrameworkStatus, nodes: [UInt32]?)
    /// Filter over `nodes`: writes a code per node into `codes` and, per rejected node, an index
    /// into the returned reason lists into `reasonIndices` (both sized like `nodes`, `codes`
    /// zeroed and `reasonIndices` -1 on entry). Throws when the whole call failed.
    func filter(
        _ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: inout [UInt8], reasonIndices: inout [Int32]
    ) throws -> [[String]]
    /// PostFilter (preemption) with every node's filter code, with any decisions about other
    /// waiting pods.
    func postFilter(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], codes: [UInt8])
        -> (FrameworkStatus, PostFilterResult?, verdicts: [PermitVerdict])
    /// PreScore over the feasible nodes.
    func preScore(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32]) -> FrameworkStatus
    /// Score with NormalizeScore: writes 0...100 per node into `scores` (sized like `nodes`); a
    /// score outside 0...100 must make the call an Error (callers sum the scores unchecked).
    func score(_ plugin: BundleHandle, cycle: BundleHandle, nodes: [UInt32], scores: inout [Int64]) -> FrameworkStatus
    /// Reserve.
    func reserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus
    /// Unreserve (idempotent), with any decisions about other waiting pods.
    func unreserve(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> [PermitVerdict]
    /// Permit: the status (Wait with `timeout`) and decisions about other waiting pods.
    func permit(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> (FrameworkStatus, timeout: Duration, verdicts: [PermitVerdict])
    /// PreBind.
    func preBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus
    /// Bind: Skip leaves it to the next binder (the host's DefaultBinder last).
    func bind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32) -> FrameworkStatus
    /// PostBind.
    func postBind(_ plugin: BundleHandle, cycle: BundleHandle, node: UInt32)
}

extension SchedulerBundle {
    /// In-process bundles read the payload back as a watch event.
    public func podEvent(payload: Data) throws {
        let json = try JSONValue(parsing: payload)
        let object = json["object"] ?? .null
        try podEvent(WatchEvent(type: json["type"]?.stringValue ?? "", object: object, revision: object.resourceVersion ?? 0))
    }
}
