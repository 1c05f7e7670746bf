import Kernel

/// The scheduler's configuration: a `KubeSchedulerConfiguration` (`kubescheduler.config.k8s.io/v1`)
/// decoded, defaulted, merged and validated as kube-scheduler 1.32 does.
///
/// `SchedulerConfiguration.load(_:catalogue:)` takes the config document (the default scheduler
/// plugin's config) and:
/// 1. **decodes strictly**: a full KubeSchedulerConfiguration (apiVersion and kind set) or the
///    legacy Keelson form (no apiVersion/kind, with an optional top-level `schedulerName` naming
///    the single default profile); unknown members and wrong types are refused with their key path;
/// 2. **defaults** as v1 does: parallelism 16, podInitialBackoffSeconds 1, podMaxBackoffSeconds 10,
///    percentageOfNodesToScore unset (adaptive); no profiles → one `default-scheduler` profile; a
///    single profile without a name is `default-scheduler`;
/// 3. **merges** each profile's `plugins` over the default multiPoint list ("DefaultPlugins"):
///    defaults disabled by name or with `*` are dropped, a default the user enables again is
///    replaced in place (weight included), other user entries are appended; each extension point's
///    own set is merged the same way over an empty default;
/// 4. **expands multiPoint** into every point a plugin implements, as the catalogue says: a plugin
///    enabled at a specific point overrides its multiPoint entry there (and comes first), `*`
///    disabled at a point skips multiPoint expansion there, a plugin disabled at a point is left out
///    there; score weights come from the score point's entry, else multiPoint's, 0/absent → 1;
/// 5. **defaults plugin args**: the user's args of in-tree plugins get v1's defaulting (for example
///    NodeResourcesFitArgs without scoringStrategy gets LeastAllocated over cpu and memory), and
///    every enabled in-tree plugin with an args kind and no pluginConfig entry gets its default args;
/// 6. **validates** everything and reports every problem at once, in Kubernetes' wording with key
///    paths (`profiles[1].plugins.queueSort: Invalid value: ...: must be the same for all profiles`):
///    parallelism > 0; percentages within 0..100; podInitialBackoffSeconds > 0 and
///    podMaxBackoffSeconds ≥ it; profiles non-empty with unique, non-empty schedulerNames; exactly
///    one queueSort plugin, the same (with the same args) in every profile; at least one bind
///    plugin; score weights 0..100 (0 meaning 1); plugins known to the catalogue, implementing the
///    points they are enabled at, enabled once per point; removed plugins (EBSLimits, ...) refused;
///    pluginConfig names unique and the args of in-tree kinds valid.
///
/// The result lists each profile's plugins per extension point, in calling order, and its args;
/// `numFeasibleNodesToFind(percentage:nodeCount:)` applies Kubernetes' adaptive rule.
public struct SchedulerConfiguration: Sendable, Hashable {
    /// How many nodes are filtered or scored in parallel (default 16).
    public var parallelism: Int
    /// The share of nodes to find feasible before scoring; nil or 0 is the adaptive rule, 100 all.
    public var percentageOfNodesToScore: Int?
    /// The back-off after a pod's first failed attempt, doubled per attempt (default 1 s).
    public var podInitialBackoffSeconds: Int
    /// The longest back-off (default 10 s).
    public var podMaxBackoffSeconds: Int
    /// The profiles, in the configuration's order; their schedulerNames are unique.
    public var profiles: [SchedulerProfile]

    /// Creates a configuration from resolved parts (``load(_:catalogue:)`` builds it from a document).
    public init(
        parallelism: Int = 16, percentageOfNodesToScore: Int? = nil, podInitialBackoffSeconds: Int = 1,
        podMaxBackoffSeconds: Int = 10, profiles: [SchedulerProfile]
    ) {
        self.parallelism = parallelism
        self.percentageOfNodesToScore = percentageOfNodesToScore
        self.podInitialBackoffSeconds = podInitialBackoffSeconds
        self.podMaxBackoffSeconds = podMaxBackoffSeconds
        self.profiles = profiles
    }

    /// The name of the single profile a configuration without profiles gets.
    public static let defaultSchedulerName = "default-scheduler"

    /// The configuration of an empty document: one default-scheduler profile with the default
    /// plugins of the in-tree catalogue.
    public static var `default`: SchedulerConfiguration {
        // The empty document always resolves against the in-tree catalogue.
        // swiftlint:disable:next force_try
        try! load([:])
    }

    /// The profile serving `schedulerName`, if any.
    public func profile(named schedulerName: String) -> SchedulerProfile? {
        profiles.first { $0.schedulerName == schedulerName }
    }

    /// The schedulerNames of the profiles, in order.
    public var schedulerNames: [String] { profiles.map(\.schedulerName) }

    /// `podInitialBackoffSeconds` as a duration (for the scheduling queue's back-off).
    public var podInitialBackoff: Duration { .seconds(podInitialBackoffSeconds) }

    /// `podMaxBackoffSeconds` as a duration.
    public var podMaxBackoff: Duration { .seconds(podMaxBackoffSeconds) }

    /// Decodes, defaults, merges and validates a scheduler config document; `{}` gives the default
    /// configuration. `catalogue` says which plugins exist and which points each implements
    /// (the in-tree plugins by default; add third-party plugins with ``SchedulerPluginCatalogue/adding(_:)``).
    /// Throws every problem found, each with its key path.
    public static func load(
        _ config: JSONValue, catalogue: SchedulerPluginCatalogue = .inTree
    ) throws(SchedulerConfigurationError) -> SchedulerConfiguration {
        var loader = ConfigurationLoader(catalogue: catalogue)
        let configuration = loader.load(config)
        guard loader.problems.isEmpty else { throw SchedulerConfigurationError(causes: loader.problems.list) }
        return configuration
    }
}
