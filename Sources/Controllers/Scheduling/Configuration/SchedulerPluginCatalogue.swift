/// Which framework plugins exist and which extension points each implements: the registry the
/// configuration is resolved against. The host builds it from the in-tree table plus whatever
/// third-party plugin libraries (`.so` files) declare, so a profile can enable them by name.
public struct SchedulerPluginCatalogue: Sendable, Hashable {
    /// The extension points of each registered plugin, by plugin name.
    public var extensionPoints: [String: Set<ExtensionPoint>]

    /// Creates a catalogue from a table of plugin name → implemented points.
    public init(_ extensionPoints: [String: Set<ExtensionPoint>]) {
        self.extensionPoints = extensionPoints
    }

    /// Whether `name` is registered.
    public func contains(_ name: String) -> Bool { extensionPoints[name] != nil }

    /// Whether plugin `name` implements `point` (false for unknown plugins).
    public func implements(_ name: String, _ point: ExtensionPoint) -> Bool {
        extensionPoints[name]?.contains(point) ?? false
    }

    /// This catalogue with more plugins registered; a name already present is replaced.
    public func adding(_ more: [String: Set<ExtensionPoint>]) -> SchedulerPluginCatalogue {
        SchedulerPluginCatalogue(extensionPoints.merging(more) { _, new in new })
    }

    /// Kubernetes 1.32's in-tree plugin registry and the points each plugin implements
    /// (`var _ framework.XPlugin = &P{}` in each plugin package). VolumeBinding implements Score
    /// even though it only scores with the VolumeCapacityPriority gate, so it appears in the
    /// expanded default Score list with weight 1, as in kube-scheduler. DynamicResources is
    /// registered but not enabled by default (its feature gate is off in 1.32).
    public static let inTree = SchedulerPluginCatalogue([
        "SchedulingGates": [.preEnqueue],
        "PrioritySort": [.queueSort],
        "NodeUnschedulable": [.filter],
        "NodeName": [.filter],
        "TaintToleration": [.filter, .preScore, .score],
        "NodeAffinity": [.preFilter, .filter, .preScore, .score],
        "NodePorts": [.preFilter, .filter],
        "NodeResourcesFit": [.preFilter, .filter, .preScore, .score],
        "VolumeRestrictions": [.preFilter, .filter],
        "NodeVolumeLimits": [.preFilter, .filter],
        "VolumeBinding": [.preFilter, .filter, .reserve, .preBind, .preScore, .score],
        "VolumeZone": [.preFilter, .filter],
        "PodTopologySpread": [.preFilter, .filter, .preScore, .score],
        "InterPodAffinity": [.preFilter, .filter, .preScore, .score],
        "DefaultPreemption": [.postFilter],
        "NodeResourcesBalancedAllocation": [.preScore, .score],
        "ImageLocality": [.score],
        "DefaultBinder": [.bind],
        "DynamicResources": [.preEnqueue, .preFilter, .filter, .postFilter, .reserve, .preBind],
    ])

    /// Plugins removed from Kubernetes whose names `kubescheduler.config.k8s.io/v1` refuses
    /// ("was invalid in version ...").
    static let removedInV1: Set<String> = ["AzureDiskLimits", "CinderLimits", "EBSLimits", "GCEPDLimits"]
}
