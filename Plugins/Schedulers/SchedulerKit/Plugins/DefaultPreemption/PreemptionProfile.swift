/// What DefaultPreemption needs of its profile (kube-scheduler's framework handle): the
/// profile's Filter plugins and PreFilter extensions, in profile order, read at call time.
protocol PreemptionProfile: AnyObject {
    /// The profile's Filter plugins, in profile order.
    var filterPlugins: [any FilterPlugin] { get }
    /// The profile's PreFilter plugins with AddPod/RemovePod, in profile order.
    var preFilterExtensions: [any PreFilterExtensions] { get }
}

extension ProfilePlugins: PreemptionProfile {}
