import Foundation
import PluginSDK

/// A scheduler bundle instance (interface 2.0) serving the framework plugins of `Catalogue`:
/// the snapshot kept from the host's node (by the host's index), pod and namespace events; the
/// plugins of every profile, made per profile from their args (`ProfilePlugins`); decoded pods;
/// scheduling cycles with their CycleState; assumed pods; the pods waiting at Permit.
/// The extension points are in `FrameworkBundle+ExtensionPoints.swift`.
///
/// Handles given to the host are retained objects (`PluginInstance`, `PodInfo`, `BundleCycle`)
/// released by the matching free/end call. The host never calls into one instance concurrently,
/// so nothing here is locked.
final class FrameworkBundle<Catalogue: BundleCatalogue>: SchedulerBundlePlugin {
    /// The cluster as this bundle sees it.
    let snapshot = Snapshot()
    /// The pods waiting at Permit.
    let waitingPods = WaitingPods()
    /// The profiles that have plugins in this bundle, by the host's id.
    private(set) var profiles: [UInt32: ProfilePlugins] = [:]
    /// Reused for raw scores within one call.
    var scoreScratch: [Int64] = []
    /// Whether any plugin of any profile observes pod events (then every event is decoded whole).
    private(set) var hasPodEventObservers = false

    /// Creates the instance. `config` is the `schedulers:` entry's config; the host validates and
    /// applies the KubeSchedulerConfiguration itself, so the bundle needs nothing from it.
    init(host: KeelsonHost, config: Data) throws {
        host.log(.debug, "\(Catalogue.bundleName) bundle ready with \(Catalogue.plugins.count) framework plugins")
        snapshot.disruptionBudgets = {
            do {
                return try PluginJSON.decode(DisruptionBudgetList.self, from: host.listObjects("poddisruptionbudgets.policy"), what: "budget list").items
            } catch {
                host.log(.warning, "preemption proceeds without PodDisruptionBudgets: \(error)")
                return []
            }
        }
    }

    /// Creates an instance without a host (in-process tests and benchmarks).
    init() {}

    /// Drops every profile's plugins (breaking plugin ↔ profile references).
    func shutdown() {
        for profile in profiles.values { profile.removeAll() }
        profiles.removeAll()
    }

    // MARK: Cluster state

    /// Applies a node watch event under the host's index.
    func nodeEvent(index: UInt32, _ event: UnsafeRawBufferPointer) throws {
        let decoded = try PluginJSON.decode(WatchEventView<Node>.self, from: event, what: "node event")
        snapshot.apply(nodeEvent: decoded.type, index: Int(index), decoded.object)
    }

    /// Applies a pod watch event (a bound pod confirms its assumption). Without plugins that
    /// observe pod events, the event's header is decoded first and the whole pod only when the
    /// snapshot needs it.
    func podEvent(_ event: UnsafeRawBufferPointer) throws {
        if !hasPodEventObservers {
            let header = try PluginJSON.decode(PodEventHeader.self, from: event, what: "pod event")
            if snapshot.apply(podEvent: header) { return }
        }
        let decoded = try PluginJSON.decode(WatchEventView<Pod>.self, from: event, what: "pod event")
        snapshot.apply(podEvent: decoded.type, decoded.object)
        for profile in profiles.values {
            for instance in profile.instances {
                (instance.plugin as? any PodEventObserver)?.observe(podEvent: decoded.type, decoded.object)
            }
        }
    }

    /// Keeps a namespace's labels for `namespaceSelector`.
    func namespaceEvent(_ event: UnsafeRawBufferPointer) throws {
        let decoded = try PluginJSON.decode(WatchEventView<Namespace>.self, from: event, what: "namespace event")
        guard let name = decoded.object.metadata?.name, !name.isEmpty else {
            throw PluginError.invalidArgument("namespace event: missing field object.metadata.name")
        }
        snapshot.apply(namespaceEvent: decoded.type, name: name, labels: decoded.object.metadata?.labels ?? [:])
    }

    // MARK: Plugins of profiles

    /// Makes plugin `name` for profile `id` from its args; unknown names and bad args are refused with a one-line message.
    func newPlugin(profile id: UInt32, name: String, points: UInt32, args: UnsafeRawBufferPointer) throws -> UnsafeMutableRawPointer {
        guard let registered = Catalogue.plugin(named: name) else {
            let known = Catalogue.plugins.map(\.name).joined(separator: ", ")
            throw PluginError.notFound("\(Catalogue.bundleName) has no framework plugin \"\(name)\" (it offers: \(known))")
        }
        let plugin: any FrameworkPlugin
        do {
            plugin = try registered.make(args: args.isEmpty ? nil : Data(args), snapshot: snapshot)
        } catch let error as PluginError {
            throw error
        } catch {
            throw PluginError.invalidArgument("\(name): \(error)")
        }
        let profile = profiles[id] ?? ProfilePlugins(id: id, snapshot: snapshot, waitingPods: waitingPods)
        profiles[id] = profile
        let instance = PluginInstance(name: name, plugin: plugin, enabledPoints: points, profile: profile)
        profile.add(instance)
        (plugin as? any ProfileAwarePlugin)?.attach(to: profile)
        if plugin is any PodEventObserver { hasPodEventObservers = true }
        return Unmanaged.passRetained(instance).toOpaque()
    }

    /// Removes the plugin from its profile and releases the handle.
    func freePlugin(_ handle: UnsafeMutableRawPointer) {
        let instance = Unmanaged<PluginInstance>.fromOpaque(handle)
        let profile = instance.takeUnretainedValue().profile
        profile.remove(instance.takeUnretainedValue())
        if profile.isEmpty, profiles[profile.id] === profile { profiles[profile.id] = nil }
        instance.release()
        hasPodEventObservers = profiles.values.contains { $0.instances.contains { $0.plugin is any PodEventObserver } }
    }

    /// The profile with the host's id `id`, when it has plugins here.
    func profile(_ id: UInt32) -> ProfilePlugins? { profiles[id] }

    // MARK: Pods and cycles

    /// Decodes a pod into a retained `PodInfo` handle.
    func newPod(_ json: UnsafeRawBufferPointer) throws -> UnsafeMutableRawPointer {
        let pod = try PluginJSON.decode(Pod.self, from: json, what: "pod")
        return Unmanaged.passRetained(PodInfo(pod)).toOpaque()
    }

    /// Releases a pod handle.
    func freePod(_ handle: UnsafeMutableRawPointer) {
        Unmanaged<PodInfo>.fromOpaque(handle).release()
    }

    /// Starts a cycle with a fresh CycleState.
    func beginCycle(pod handle: UnsafeMutableRawPointer) throws -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(BundleCycle(pod: Self.pod(handle))).toOpaque()
    }

    /// Ends a cycle: the pod no longer waits at Permit; the handle is released.
    func endCycle(_ handle: UnsafeMutableRawPointer) {
        let cycle = Unmanaged<BundleCycle>.fromOpaque(handle)
        waitingPods.remove(uid: cycle.takeUnretainedValue().pod.uid)
        cycle.release()
    }

    /// Counts the cycle's pod on the node at the host's index (Snapshot.assume).
    func assume(cycle handle: UnsafeMutableRawPointer, node index: UInt32) throws {
        let cycle = Self.cycle(handle)
        let node = try node(index)
        if let previous = cycle.assumedNode { snapshot.forget(cycle.pod.key, on: previous) }
        snapshot.assume(cycle.pod, on: node.name)
        cycle.assumedNode = node.name
    }

    /// Withdraws the cycle's assumption (Snapshot.forget).
    func forget(cycle handle: UnsafeMutableRawPointer) throws {
        let cycle = Self.cycle(handle)
        guard let node = cycle.assumedNode else { return }
        snapshot.forget(cycle.pod.key, on: node)
        cycle.assumedNode = nil
    }

    // MARK: Handles

    /// The plugin behind a `keelson_sched_plugin *`.
    static func instance(_ handle: UnsafeMutableRawPointer) -> PluginInstance {
        Unmanaged<PluginInstance>.fromOpaque(handle).takeUnretainedValue()
    }

    /// The pod behind a `keelson_sched_pod *`.
    static func pod(_ handle: UnsafeMutableRawPointer) -> PodInfo {
        Unmanaged<PodInfo>.fromOpaque(handle).takeUnretainedValue()
    }

    /// The cycle behind a `keelson_sched_cycle *`.
    static func cycle(_ handle: UnsafeMutableRawPointer) -> BundleCycle {
        Unmanaged<BundleCycle>.fromOpaque(handle).takeUnretainedValue()
    }

    /// The node at the host's `index`; an error when the bundle has no node there.
    func node(_ index: UInt32) throws -> NodeInfo {
        guard let node = snapshot.node(at: Int(index)) else {
            throw PluginError.notFound("node index \(index) is not in the \(Catalogue.bundleName) snapshot")
        }
        return node
    }
}
