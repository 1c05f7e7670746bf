import Kernel
import Logging

/// A profile as the scheduling thread runs it: its plugins instantiated in the bundles, listed
/// per extension point in calling order, and the Event recorder named after its schedulerName.
final class FrameworkProfileRuntime {
    /// The number given to the bundles for this profile.
    let id: UInt32
    /// The resolved profile.
    let profile: SchedulerProfile
    /// Records Events with the profile's schedulerName as the source component.
    let events: EventRecorder
    /// The plugins per point, in calling order.
    private(set) var plugins: [ExtensionPoint: [FrameworkPluginRef]] = [:]
    /// Every created (bundle position, handle), to free at the end.
    private(set) var created: [(Int, BundleHandle)] = []

    /// Creates the runtime; `instantiate` creates the plugins.
    init(id: UInt32, profile: SchedulerProfile, events: EventRecorder) {
        self.id = id
        self.profile = profile
        self.events = events
    }

    /// The plugins at `point`.
    func at(_ point: ExtensionPoint) -> [FrameworkPluginRef] { plugins[point] ?? [] }

    /// Creates every plugin of the profile in its bundle (on the scheduling thread). A plugin is
    /// called only at the points both the profile enables and the bundle declares for it.
    func instantiate(plan: FrameworkPluginPlan, bundles: [any SchedulerBundle], logger: Logger) throws(FrameworkSchedulerError) {
        var handles: [String: (Int, BundleHandle)] = [:]
        for name in profile.enabledPluginNames {
            guard case .bundle(let position) = plan.sources[name] else { continue }
            let enabled = FrameworkPluginPlan.points(profile.extensionPoints(of: name))
            let declared = plan.infos[name]?.points ?? enabled
            if !declared.isSuperset(of: enabled) {
                logger.info(
                    "plugin \(name) does not implement every extension point profile \(profile.schedulerName) enables it at; those points are skipped")
            }
            do {
                let handle = try bundles[position].newPlugin(
                    profile: id, name: name, points: enabled.intersection(declared), args: profile.args(for: name))
                handles[name] = (position, handle)
                created.append((position, handle))
            } catch {
                throw .pluginCreationFailed(profile: profile.schedulerName, plugin: name, message: "\(error)")
            }
        }
        for point in ExtensionPoint.allCases {
            var refs: [FrameworkPluginRef] = []
            for enabled in profile.plugins(at: point) {
                switch plan.sources[enabled.name] {
                case .hostBinder where point == .bind:
                    refs.append(FrameworkPluginRef(name: enabled.name, bundle: -1, handle: BundleHandle(raw: 0), weight: 1))
                case .bundle:
                    guard let (position, handle) = handles[enabled.name],
                        plan.infos[enabled.name]?.points.contains(FrameworkPluginPlan.points([point])) ?? true
                    else { continue }
                    let weight = point == .score ? Int64(max(enabled.weight, 1)) : 1
                    refs.append(FrameworkPluginRef(name: enabled.name, bundle: position, handle: handle, weight: weight))
                default:
                    continue
                }
            }
            plugins[point] = refs
        }
    }

    /// Frees the plugins created in the bundles.
    func free(bundles: [any SchedulerBundle]) {
        for (position, handle) in created { bundles[position].freePlugin(handle) }
        created = []
        plugins = [:]
    }
}
