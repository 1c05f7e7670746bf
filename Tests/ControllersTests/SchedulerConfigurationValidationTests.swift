import Controllers
import Kernel
import Testing

/// Every validation rule, with the exact message and key path kube-scheduler's style gives, and
/// all problems reported at once.
@Suite("SchedulerConfiguration validation")
struct SchedulerConfigurationValidationTests {
    typealias T = SchedulerConfigurationTesting

    /// The messages of a one-profile configuration whose profile is `profile` (JSON members).
    static func profileMessages(_ profile: String, catalogue: SchedulerPluginCatalogue = T.catalogue) throws -> [String] {
        try T.messages(#""profiles": [{\#(profile)}]"#, catalogue: catalogue)
    }

    /// The messages of a one-profile configuration configuring `plugin` with `args` (JSON).
    static func argsMessages(_ plugin: String, _ args: String) throws -> [String] {
        try profileMessages(#""pluginConfig": [{"name": "\#(plugin)", "args": \#(args)}]"#)
    }

    @Test func apiVersionAndKind() throws {
        #expect(T.messages(try JSONValue(parsing: #"{"apiVersion": "kubescheduler.config.k8s.io/v1beta3", "kind": "KubeSchedulerConfiguration"}"#)) == [
            #"apiVersion: Unsupported value: "kubescheduler.config.k8s.io/v1beta3": supported values: "kubescheduler.config.k8s.io/v1""#,
        ])
        #expect(T.messages(try JSONValue(parsing: #"{"apiVersion": "kubescheduler.config.k8s.io/v1", "kind": "Scheduler"}"#)) == [
            #"kind: Unsupported value: "Scheduler": supported values: "KubeSchedulerConfiguration""#,
        ])
        #expect(T.messages(try JSONValue(parsing: #"{"kind": "KubeSchedulerConfiguration"}"#)) == ["apiVersion: Required value"])
    }

    @Test func unknownFieldsAreRefusedWithTheirPaths() throws {
        #expect(try T.messages(#""parallelizm": 3"#) == [#"unknown field "parallelizm""#])
        #expect(try T.messages(#""profiles": [{"plugins": {"scores": {}}}]"#) == [#"unknown field "profiles[0].plugins.scores""#])
        #expect(try T.messages(#""profiles": [{"plugins": {"score": {"enabled": [{"name": "ImageLocality", "wieght": 2}]}}}]"#)
            == [#"unknown field "profiles[0].plugins.score.enabled[0].wieght""#])
        #expect(try Self.argsMessages("NodeResourcesFit", #"{"scoringStrategy": {"typ": "MostAllocated"}}"#)
            == [#"unknown field "profiles[0].pluginConfig[0].args.scoringStrategy.typ""#])
        // The legacy top-level schedulerName is not a v1 field.
        #expect(try T.messages(#""schedulerName": "x""#) == [#"unknown field "schedulerName""#])
        #expect(T.messages(["schedulerName": "x", "extra": 1]) == [#"unknown field "extra""#])
        #expect(T.messages(["schedulerName": "x", "profiles": [["schedulerName": "y"]]]) == [
            "schedulerName: Forbidden: the top-level schedulerName cannot be combined with profiles; set profiles[].schedulerName",
        ])
    }

    @Test func wrongTypes() throws {
        #expect(try T.messages(#""parallelism": "many""#) == [#"parallelism: Invalid value: "many": must be an integer"#])
        #expect(try T.messages(#""profiles": {"schedulerName": "a"}"#) == [#"profiles: Invalid value: {"schedulerName":"a"}: must be a list"#])
    }

    @Test func parallelismPercentageAndBackoff() throws {
        #expect(try T.messages(#""parallelism": 0"#) == ["parallelism: Invalid value: 0: should be an integer value greater than zero"])
        #expect(try T.messages(#""percentageOfNodesToScore": 101"#) == ["percentageOfNodesToScore: Invalid value: 101: not in valid range [0-100]"])
        #expect(try T.messages(#""profiles": [{"percentageOfNodesToScore": -1}]"#)
            == ["profiles[0].percentageOfNodesToScore: Invalid value: -1: not in valid range [0-100]"])
        #expect(try T.messages(#""podInitialBackoffSeconds": 0"#) == ["podInitialBackoffSeconds: Invalid value: 0: must be greater than 0"])
        #expect(try T.messages(#""podInitialBackoffSeconds": 5, "podMaxBackoffSeconds": 3"#)
            == ["podMaxBackoffSeconds: Invalid value: 3: must be greater than or equal to PodInitialBackoffSeconds"])
    }

    @Test func schedulerNamesAreRequiredAndUnique() throws {
        #expect(try T.messages(#""profiles": [{"schedulerName": "a"}, {"schedulerName": "a"}]"#)
            == [#"profiles[1].schedulerName: Duplicate value: "a""#])
        #expect(try T.messages(#""profiles": [{"schedulerName": "a"}, {}]"#) == ["profiles[1].schedulerName: Required value"])
        #expect(try T.messages(#""profiles": [{"schedulerName": ""}]"#) == ["profiles[0].schedulerName: Required value"])
    }

    @Test func exactlyOneQueueSortTheSameInEveryProfile() throws {
        #expect(try T.messages(#"""
            "profiles": [{"schedulerName": "a"}, {"schedulerName": "b", "plugins": {"queueSort": {"disabled": [{"name": "PrioritySort"}]}}}]
            """#) == [
            #"profiles[1].plugins.queueSort: Invalid value: 0: only one queue sort plugin required for profile with scheduler name "b", but got 0"#,
            #"profiles[1].plugins.queueSort: Invalid value: {"disabled":[{"name":"PrioritySort"}]}: must be the same for all profiles"#,
        ])
        #expect(try T.messages(#""profiles": [{"plugins": {"queueSort": {"enabled": [{"name": "FifoSort"}]}}}]"#, catalogue: T.catalogue) == [
            #"profiles[0].plugins.queueSort: Invalid value: 2: only one queue sort plugin required for profile with scheduler name "default-scheduler", but got 2"#,
        ])
        let fifo = #""plugins": {"queueSort": {"enabled": [{"name": "FifoSort"}], "disabled": [{"name": "*"}]}}"#
        #expect(try T.messages(#""profiles": [{"schedulerName": "a", \#(fifo)}, {"schedulerName": "b"}]"#, catalogue: T.catalogue) == [
            #"profiles[1].plugins.queueSort: Invalid value: "PrioritySort": must be the same for all profiles"#,
        ])
        #expect(try T.messages(#""profiles": [{"schedulerName": "a", \#(fifo)}, {"schedulerName": "b", \#(fifo)}]"#, catalogue: T.catalogue).isEmpty)
        // The same queue sort plugin reached through multiPoint in one profile and queueSort in the other.
        #expect(try T.messages(#"""
            "profiles": [{"schedulerName": "a", "plugins": {"multiPoint": {"enabled": [{"name": "FifoSort"}]}, "queueSort": {"disabled": [{"name": "PrioritySort"}]}}},
                         {"schedulerName": "b", "plugins": {"multiPoint": {"enabled": [{"name": "FifoSort"}]}, "queueSort": {"disabled": [{"name": "PrioritySort"}]}}}]
            """#, catalogue: T.catalogue).isEmpty)
        // Different args for the common queue sort plugin.
        #expect(try T.messages(#"""
            "profiles": [{"schedulerName": "a", \#(fifo), "pluginConfig": [{"name": "FifoSort", "args": {"x": 1}}]},
                         {"schedulerName": "b", \#(fifo), "pluginConfig": [{"name": "FifoSort", "args": {"x": 2}}]}]
            """#, catalogue: T.catalogue) == [
            #"profiles[1].pluginConfig[0].args: Invalid value: {"x":2}: queueSort must be the same for all profiles"#,
        ])
    }

    @Test func atLeastOneBindPlugin() throws {
        #expect(try Self.profileMessages(#""plugins": {"bind": {"disabled": [{"name": "*"}]}}"#) == [
            #"profiles[0].plugins.bind: Required value: at least one bind plugin is needed for profile with scheduler name "default-scheduler""#,
        ])
    }

    @Test func scoreWeights() throws {
        #expect(try Self.profileMessages(#""plugins": {"score": {"enabled": [{"name": "ImageLocality", "weight": 101}]}}"#) == [
            "profiles[0].plugins.score.enabled[0].weight: Invalid value: 101: not in valid range [1, 100] (0 or absent means 1)",
        ])
        #expect(try Self.profileMessages(#""plugins": {"multiPoint": {"enabled": [{"name": "ImageLocality", "weight": -2}]}}"#) == [
            "profiles[0].plugins.multiPoint.enabled[0].weight: Invalid value: -2: not in valid range [1, 100] (0 or absent means 1)",
        ])
        #expect(try Self.profileMessages(#""plugins": {"score": {"enabled": [{"name": "ImageLocality", "weight": 0}]}}"#).isEmpty)
    }

    @Test func removedPlugins() throws {
        #expect(try Self.profileMessages(#""plugins": {"filter": {"enabled": [{"name": "EBSLimits"}]}}"#) == [
            #"profiles[0].plugins.filter.enabled[0]: Invalid value: "EBSLimits": was invalid in version "kubescheduler.config.k8s.io/v1" (KubeSchedulerConfiguration is version "kubescheduler.config.k8s.io/v1")"#,
        ])
    }

    @Test func pluginConfigNamesAreUnique() throws {
        #expect(try Self.profileMessages(#""pluginConfig": [{"name": "NodeAffinity", "args": {}}, {"name": "NodeAffinity", "args": {}}]"#)
            == [#"profiles[0].pluginConfig[1]: Duplicate value: "NodeAffinity""#])
    }

    @Test func nodeResourcesFitArgs() throws {
        #expect(try Self.argsMessages("NodeResourcesFit", #"{"scoringStrategy": {"type": "Balanced"}}"#) == [
            #"profiles[0].pluginConfig[0].args.scoringStrategy.type: Unsupported value: "Balanced": supported values: "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio""#,
        ])
        #expect(try Self.argsMessages("NodeResourcesFit", #"{"scoringStrategy": {"type": "MostAllocated", "resources": [{"name": "cpu", "weight": 101}]}}"#) == [
            "profiles[0].pluginConfig[0].args.scoringStrategy.resources[0].weight: Invalid value: 101: resource weight of cpu not in valid range (0, 100]",
        ])
        #expect(try Self.argsMessages("NodeResourcesFit", #"""
            {"scoringStrategy": {"type": "RequestedToCapacityRatio", "requestedToCapacityRatio": {"shape": [
              {"utilization": 50, "score": 5}, {"utilization": 40, "score": 11}, {"utilization": 101, "score": 10}]}}}
            """#) == [
            "profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].utilization: Invalid value: 40: utilization values must be sorted in increasing order",
            "profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[1].score: Invalid value: 11: not in valid range [0, 10]",
            "profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape[2].utilization: Invalid value: 101: not in valid range [0, 100]",
        ])
        #expect(try Self.argsMessages("NodeResourcesFit", #"{"scoringStrategy": {"type": "RequestedToCapacityRatio", "requestedToCapacityRatio": {"shape": []}}}"#) == [
            "profiles[0].pluginConfig[0].args.scoringStrategy.requestedToCapacityRatio.shape: Required value: at least one point must be specified",
        ])
        #expect(try Self.argsMessages("NodeResourcesFit", #"{"kind": "InterPodAffinityArgs"}"#) == [
            #"profiles[0].pluginConfig[0].args.kind: Invalid value: "InterPodAffinityArgs": has to match plugin args "NodeResourcesFitArgs""#,
        ])
    }

    @Test func podTopologySpreadArgs() throws {
        #expect(try Self.argsMessages("PodTopologySpread", #"{"defaultingType": "Cluster"}"#) == [
            #"profiles[0].pluginConfig[0].args.defaultingType: Unsupported value: "Cluster": supported values: "System", "List""#,
        ])
        #expect(try Self.argsMessages("PodTopologySpread", #"""
            {"defaultConstraints": [{"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"}]}
            """#) == [
            #"profiles[0].pluginConfig[0].args.defaultingType: Invalid value: "System": when .defaultConstraints are not empty"#,
        ])
        #expect(try Self.argsMessages("PodTopologySpread", #"""
            {"defaultingType": "List", "defaultConstraints": [
              {"maxSkew": 0, "topologyKey": "", "whenUnsatisfiable": "Maybe", "labelSelector": {"matchLabels": {"a": "b"}}},
              {"maxSkew": 1, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
              {"maxSkew": 2, "topologyKey": "zone", "whenUnsatisfiable": "DoNotSchedule"},
              {"maxSkew": 1, "topologyKey": "-bad-", "whenUnsatisfiable": ""}]}
            """#) == [
            "profiles[0].pluginConfig[0].args.defaultConstraints[0].maxSkew: Invalid value: 0: not in valid range (0, inf)",
            "profiles[0].pluginConfig[0].args.defaultConstraints[0].topologyKey: Required value: can not be empty",
            #"profiles[0].pluginConfig[0].args.defaultConstraints[0].whenUnsatisfiable: Unsupported value: "Maybe": supported values: "DoNotSchedule", "ScheduleAnyway""#,
            "profiles[0].pluginConfig[0].args.defaultConstraints[0].labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod",
            #"profiles[0].pluginConfig[0].args.defaultConstraints[2]: Duplicate value: "{zone, DoNotSchedule}""#,
            #"profiles[0].pluginConfig[0].args.defaultConstraints[3].topologyKey: Invalid value: "-bad-": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"#,
            "profiles[0].pluginConfig[0].args.defaultConstraints[3].whenUnsatisfiable: Required value: can not be empty",
        ])
    }

    @Test func interPodAffinityAndDefaultPreemptionArgs() throws {
        #expect(try Self.argsMessages("InterPodAffinity", #"{"hardPodAffinityWeight": 101}"#) == [
            "profiles[0].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: 101: not in valid range [0, 100]",
        ])
        #expect(try Self.argsMessages("InterPodAffinity", #"{"hardPodAffinityWeight": 0}"#).isEmpty)
        #expect(try Self.argsMessages("DefaultPreemption", #"{"minCandidateNodesPercentage": 0, "minCandidateNodesAbsolute": 0}"#) == [
            "profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute",
            "profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage",
        ])
        #expect(try Self.argsMessages("DefaultPreemption", #"{"minCandidateNodesPercentage": 101, "minCandidateNodesAbsolute": -1}"#) == [
            "profiles[0].pluginConfig[0].args.minCandidateNodesPercentage: Invalid value: 101: not in valid range [0, 100]",
            "profiles[0].pluginConfig[0].args.minCandidateNodesAbsolute: Invalid value: -1: not in valid range [0, inf)",
        ])
        // One of the two may be 0; the other keeps its default.
        #expect(try Self.argsMessages("DefaultPreemption", #"{"minCandidateNodesPercentage": 0}"#).isEmpty)
    }

    @Test func otherArgsKinds() throws {
        #expect(try Self.argsMessages("NodeResourcesBalancedAllocation", #"{"resources": [{"name": "cpu", "weight": 2}, {"name": "cpu"}]}"#) == [
            "profiles[0].pluginConfig[0].args.resources[0].weight: Invalid value: 2: must be 1",
            #"profiles[0].pluginConfig[0].args.resources[1].name: Duplicate value: "cpu""#,
        ])
        #expect(try Self.argsMessages("VolumeBinding", #"{"bindTimeoutSeconds": -1}"#) == [
            "profiles[0].pluginConfig[0].args.bindTimeoutSeconds: Invalid value: -1: invalid BindTimeoutSeconds, should not be a negative value",
        ])
        #expect(try Self.argsMessages("NodeAffinity", #"""
            {"addedAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
              {"matchExpressions": [{"key": "zone", "operator": "Near", "values": ["a"]}, {"key": "zone", "operator": "In"}]}]}}}
            """#) == [
            #"profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: Unsupported value: "Near": supported values: "DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn""#,
            "profiles[0].pluginConfig[0].args.addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        ])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let error = #expect(throws: SchedulerConfigurationError.self) {
            try T.load(#"""
                "parallelism": -1, "podInitialBackoffSeconds": 0, "bogus": true,
                "profiles": [{"schedulerName": "a", "plugins": {"bind": {"disabled": [{"name": "*"}]}}},
                             {"schedulerName": "a", "pluginConfig": [{"name": "InterPodAffinity", "args": {"hardPodAffinityWeight": -5}}]}]
                """#)
        }
        #expect(error?.messages == [
            #"unknown field "bogus""#,
            "parallelism: Invalid value: -1: should be an integer value greater than zero",
            #"profiles[0].plugins.bind: Required value: at least one bind plugin is needed for profile with scheduler name "a""#,
            "profiles[1].pluginConfig[0].args.hardPodAffinityWeight: Invalid value: -5: not in valid range [0, 100]",
            #"profiles[1].schedulerName: Duplicate value: "a""#,
            "podInitialBackoffSeconds: Invalid value: 0: must be greater than 0",
        ])
        #expect(error?.description.hasPrefix(#"[unknown field "bogus", parallelism: Invalid value: -1"#) == true)
    }
}
