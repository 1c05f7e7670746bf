import Controllers
import Kernel
import Testing

/// The defaults of kubescheduler.config.k8s.io/v1 (kube-scheduler 1.32): the default profile's
/// expanded plugins per extension point and their weights, the default args, the top-level
/// defaults, the legacy Keelson keys, several profiles, and the adaptive percentage figures.
@Suite("SchedulerConfiguration defaults")
struct SchedulerConfigurationDefaultsTests {
    typealias T = SchedulerConfigurationTesting

    /// kube-scheduler 1.32's default plugins after multiPoint expansion.
    static let expandedDefaults: [ExtensionPoint: [String]] = [
        .preEnqueue: ["SchedulingGates"],
        .queueSort: ["PrioritySort"],
        .preFilter: [
            "NodeAffinity", "NodePorts", "NodeResourcesFit", "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding",
            "VolumeZone", "PodTopologySpread", "InterPodAffinity",
        ],
        .filter: [
            "NodeUnschedulable", "NodeName", "TaintToleration", "NodeAffinity", "NodePorts", "NodeResourcesFit",
            "VolumeRestrictions", "NodeVolumeLimits", "VolumeBinding", "VolumeZone", "PodTopologySpread", "InterPodAffinity",
        ],
        .postFilter: ["DefaultPreemption"],
        .preScore: [
            "TaintToleration", "NodeAffinity", "NodeResourcesFit", "VolumeBinding", "PodTopologySpread", "InterPodAffinity",
            "NodeResourcesBalancedAllocation",
        ],
        .score: [
            "TaintToleration:3", "NodeAffinity:2", "NodeResourcesFit:1", "VolumeBinding:1", "PodTopologySpread:2",
            "InterPodAffinity:2", "NodeResourcesBalancedAllocation:1", "ImageLocality:1",
        ],
        .reserve: ["VolumeBinding"],
        .permit: [],
        .preBind: ["VolumeBinding"],
        .bind: ["DefaultBinder"],
        .postBind: [],
    ]

    /// kube-scheduler 1.32's default plugin args.
    static let defaultArgs: [String: JSONValue] = [
        "DefaultPreemption": ["minCandidateNodesPercentage": 10, "minCandidateNodesAbsolute": 100],
        "InterPodAffinity": ["hardPodAffinityWeight": 1],
        "NodeAffinity": [:],
        "NodeResourcesBalancedAllocation": ["resources": [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]]],
        "NodeResourcesFit": [
            "scoringStrategy": ["type": "LeastAllocated", "resources": [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]]],
        ],
        "PodTopologySpread": ["defaultingType": "System"],
        "VolumeBinding": ["bindTimeoutSeconds": 600],
    ]

    /// Checks `profile` has exactly the default plugins and args.
    static func expectDefaultProfile(_ profile: SchedulerProfile) {
        for point in ExtensionPoint.allCases {
            #expect(profile.plugins(at: point) == T.plugins(expandedDefaults[point]!), "at \(point)")
        }
        #expect(profile.pluginConfig == defaultArgs)
    }

    @Test func emptyDocumentIsTheDefaultConfiguration() throws {
        let configuration = try SchedulerConfiguration.load([:])
        #expect(configuration.parallelism == 16)
        #expect(configuration.percentageOfNodesToScore == nil)
        #expect(configuration.podInitialBackoffSeconds == 1)
        #expect(configuration.podMaxBackoffSeconds == 10)
        #expect(configuration.schedulerNames == ["default-scheduler"])
        Self.expectDefaultProfile(configuration.profiles[0])
        #expect(configuration == SchedulerConfiguration.default)
    }

    @Test func fullHeaderWithoutProfilesGetsTheDefaultProfile() throws {
        let configuration = try T.load("")
        #expect(configuration.schedulerNames == ["default-scheduler"])
        Self.expectDefaultProfile(configuration.profiles[0])
        #expect(configuration.profiles[0].scoreWeight(of: "TaintToleration") == 3)
        #expect(configuration.profiles[0].scoreWeight(of: "NodeName") == nil)
        #expect(configuration.profiles[0].extensionPoints(of: "VolumeBinding") == [.preFilter, .filter, .preScore, .score, .reserve, .preBind])
    }

    @Test func singleUnnamedProfileIsTheDefaultScheduler() throws {
        let configuration = try T.load(#""profiles": [{"percentageOfNodesToScore": 30}]"#)
        #expect(configuration.schedulerNames == ["default-scheduler"])
        #expect(configuration.profiles[0].percentageOfNodesToScore == 30)
    }

    @Test func topLevelFieldsAreRead() throws {
        let configuration = try T.load(#"""
            "parallelism": 4, "percentageOfNodesToScore": 20, "podInitialBackoffSeconds": 2, "podMaxBackoffSeconds": 30,
            "leaderElection": {"leaderElect": false}, "enableProfiling": true
            """#)
        #expect(configuration.parallelism == 4)
        #expect(configuration.percentageOfNodesToScore == 20)
        #expect(configuration.podInitialBackoffSeconds == 2)
        #expect(configuration.podMaxBackoffSeconds == 30)
    }

    @Test func legacyKeysOfTheDefaultSchedulerConfig() throws {
        let configuration = try SchedulerConfiguration.load(["schedulerName": "fast-scheduler", "percentageOfNodesToScore": 50])
        #expect(configuration.schedulerNames == ["fast-scheduler"])
        #expect(configuration.percentageOfNodesToScore == 50)
        Self.expectDefaultProfile(configuration.profiles[0])
        // Without apiVersion/kind, profiles are read too.
        let profiles = try SchedulerConfiguration.load(["profiles": [["schedulerName": "a"], ["schedulerName": "b"]]])
        #expect(profiles.schedulerNames == ["a", "b"])
    }

    @Test func twoProfilesWithDifferentSchedulerNames() throws {
        let configuration = try T.load(#"""
            "profiles": [
              {"schedulerName": "default-scheduler"},
              {"schedulerName": "no-scoring-scheduler", "percentageOfNodesToScore": 0,
               "plugins": {"preScore": {"disabled": [{"name": "*"}]}, "score": {"disabled": [{"name": "*"}]}}}
            ]
            """#)
        #expect(configuration.schedulerNames == ["default-scheduler", "no-scoring-scheduler"])
        Self.expectDefaultProfile(configuration.profile(named: "default-scheduler")!)
        let noScoring = try #require(configuration.profile(named: "no-scoring-scheduler"))
        #expect(noScoring.plugins(at: .score).isEmpty)
        #expect(noScoring.plugins(at: .preScore).isEmpty)
        #expect(noScoring.pluginNames(at: .filter) == Self.expandedDefaults[.filter])
        #expect(noScoring.pluginNames(at: .queueSort) == ["PrioritySort"])
        #expect(noScoring.percentageOfNodesToScore == 0)
    }

    @Test func userArgsAreDefaultedAndReplaceTheDefaults() throws {
        let configuration = try T.load(#"""
            "profiles": [{"pluginConfig": [
              {"name": "NodeResourcesFit", "args": {"apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "NodeResourcesFitArgs",
                                                    "ignoredResources": ["example.com/foo"]}},
              {"name": "InterPodAffinity", "args": {"ignorePreferredTermsOfExistingPods": true}},
              {"name": "NodeResourcesBalancedAllocation", "args": {"resources": [{"name": "cpu"}, {"name": "nvidia.com/gpu", "weight": 1}]}},
              {"name": "PodTopologySpread", "args": {"defaultingType": "List", "defaultConstraints": [
                 {"maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "ScheduleAnyway"}]}},
              {"name": "LabelPreference", "args": {"label": "tier", "anything": [1, 2]}}
            ]}]
            """#, catalogue: T.catalogue)
        let profile = configuration.profiles[0]
        #expect(profile.args(for: "NodeResourcesFit") == [
            "ignoredResources": ["example.com/foo"],
            "scoringStrategy": ["type": "LeastAllocated", "resources": [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]]],
        ])
        #expect(profile.args(for: "InterPodAffinity") == ["ignorePreferredTermsOfExistingPods": true, "hardPodAffinityWeight": 1])
        #expect(profile.args(for: "NodeResourcesBalancedAllocation") == [
            "resources": [["name": "cpu", "weight": 1], ["name": "nvidia.com/gpu", "weight": 1]],
        ])
        #expect(profile.args(for: "PodTopologySpread")?["defaultingType"] == "List")
        #expect(profile.args(for: "PodTopologySpread")?["defaultConstraints"]?.arrayValue?.count == 1)
        // Third-party args pass through untouched; untouched in-tree args keep their defaults.
        #expect(profile.args(for: "LabelPreference") == ["label": "tier", "anything": [1, 2]])
        #expect(profile.args(for: "DefaultPreemption") == Self.defaultArgs["DefaultPreemption"])
    }

    @Test func scoringStrategyWithoutResourcesGetsTheDefaultResources() throws {
        let configuration = try T.load(#"""
            "profiles": [{"schedulerName": "most", "pluginConfig": [{"name": "NodeResourcesFit", "args": {"scoringStrategy": {"type": "MostAllocated"}}}]},
                         {"schedulerName": "ratio", "pluginConfig": [{"name": "NodeResourcesFit", "args": {"scoringStrategy": {
                            "type": "RequestedToCapacityRatio", "resources": [{"name": "cpu", "weight": 3}, {"name": "memory"}],
                            "requestedToCapacityRatio": {"shape": [{"utilization": 0, "score": 0}, {"utilization": 100, "score": 10}]}}}}]}]
            """#)
        #expect(configuration.profiles[0].args(for: "NodeResourcesFit") == [
            "scoringStrategy": ["type": "MostAllocated", "resources": [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]]],
        ])
        let ratio = try #require(configuration.profiles[1].args(for: "NodeResourcesFit")?["scoringStrategy"])
        #expect(ratio["resources"] == [["name": "cpu", "weight": 3], ["name": "memory", "weight": 1]])
        #expect(ratio[path: "requestedToCapacityRatio", "shape"]?.arrayValue?.count == 2)
    }

    @Test func defaultArgsOnlyForEnabledPlugins() throws {
        let configuration = try T.load(#"""
            "profiles": [{"plugins": {"multiPoint": {"disabled": [{"name": "VolumeBinding"}, {"name": "DefaultPreemption"}]}}}]
            """#)
        let profile = configuration.profiles[0]
        #expect(profile.args(for: "VolumeBinding") == nil)
        #expect(profile.args(for: "DefaultPreemption") == nil)
        #expect(profile.args(for: "NodeResourcesFit") != nil)
        #expect(profile.plugins(at: .postFilter).isEmpty)
        #expect(profile.plugins(at: .reserve).isEmpty)
    }

    @Test(arguments: [
        (nil, 10, 10), (nil, 99, 99), (nil, 100, 100), (nil, 150, 100), (nil, 1_000, 420), (nil, 5_000, 500),
        (nil, 50_000, 2_500), (0, 5_000, 500), (30, 1_000, 300), (1, 5_000, 100), (100, 5_000, 5_000), (50, 80, 80),
    ] as [(Int?, Int, Int)])
    func adaptivePercentageOfNodesToScore(percentage: Int?, nodes: Int, expected: Int) {
        #expect(SchedulerConfiguration.numFeasibleNodesToFind(percentage: percentage, nodeCount: nodes) == expected)
    }

    @Test func profilePercentageOverridesTheGlobalOne() throws {
        let configuration = try T.load(#"""
            "percentageOfNodesToScore": 50,
            "profiles": [{"schedulerName": "a"}, {"schedulerName": "b", "percentageOfNodesToScore": 0},
                         {"schedulerName": "c", "percentageOfNodesToScore": 20}]
            """#)
        #expect(configuration.numFeasibleNodesToFind(for: configuration.profiles[0], nodeCount: 5_000) == 2_500)
        #expect(configuration.numFeasibleNodesToFind(for: configuration.profiles[1], nodeCount: 5_000) == 500)
        #expect(configuration.numFeasibleNodesToFind(for: configuration.profiles[2], nodeCount: 5_000) == 1_000)
    }
}
