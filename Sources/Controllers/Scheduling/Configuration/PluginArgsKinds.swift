import Kernel

/// The in-tree args kinds, each with v1's defaults and kube-scheduler's validation rules and texts.
extension PluginArgsKind {
    /// The default `{cpu: 1, memory: 1}` resource list of NodeResourcesFit and BalancedAllocation.
    static let defaultResources: JSONValue = [["name": "cpu", "weight": 1], ["name": "memory", "weight": 1]]
    /// A `ResourceSpec` list.
    static let resourcesShape: FieldShape = .list(.object(["name": .string, "weight": .int]))
    /// A RequestedToCapacityRatio or VolumeBinding shape.
    static let utilizationShape: FieldShape = .list(.object(["utilization": .int, "score": .int]))

    /// Gives every resource without a weight (or a 0 weight) the weight 1, as v1 defaulting does.
    static func defaultWeights(_ resources: [JSONValue]) -> JSONValue {
        .array(resources.map { resource in
            var resource = resource
            if resource.int("weight") == 0 { resource["weight"] = 1 }
            return resource
        })
    }

    /// DefaultPreemptionArgs: minCandidateNodesPercentage (default 10, 0..100) and
    /// minCandidateNodesAbsolute (default 100, >= 0), not both 0.
    static let defaultPreemption = PluginArgsKind(
        plugin: "DefaultPreemption",
        shape: ["minCandidateNodesPercentage": .int, "minCandidateNodesAbsolute": .int],
        applyDefaults: { args in
            if args["minCandidateNodesPercentage"] == nil { args["minCandidateNodesPercentage"] = 10 }
            if args["minCandidateNodesAbsolute"] == nil { args["minCandidateNodesAbsolute"] = 100 }
        },
        validate: { args, path in
            var errors: [ConfigurationFieldError] = []
            let percentage = args.int("minCandidateNodesPercentage"), absolute = args.int("minCandidateNodesAbsolute")
            let percentagePath = path.child("minCandidateNodesPercentage"), absolutePath = path.child("minCandidateNodesAbsolute")
            if !(0...100).contains(percentage) {
                errors.append(.invalid(percentagePath, .number(percentage), "not in valid range [0, 100]"))
            }
            if absolute < 0 { errors.append(.invalid(absolutePath, .number(absolute), "not in valid range [0, inf)")) }
            if percentage == 0 && absolute == 0 {
                errors.append(.invalid(percentagePath, 0, "cannot be zero at the same time as minCandidateNodesAbsolute"))
                errors.append(.invalid(absolutePath, 0, "cannot be zero at the same time as minCandidateNodesPercentage"))
            }
            return errors
        })

    /// InterPodAffinityArgs: hardPodAffinityWeight (default 1, 0..100).
    static let interPodAffinity = PluginArgsKind(
        plugin: "InterPodAffinity",
        shape: ["hardPodAffinityWeight": .int, "ignorePreferredTermsOfExistingPods": .bool],
        applyDefaults: { args in
            if args["hardPodAffinityWeight"] == nil { args["hardPodAffinityWeight"] = 1 }
        },
        validate: { args, path in
            let weight = args.int("hardPodAffinityWeight")
            guard !(0...100).contains(weight) else { return [] }
            return [.invalid(path.child("hardPodAffinityWeight"), .number(weight), "not in valid range [0, 100]")]
        })

    /// NodeAffinityArgs: an optional addedAffinity (a node affinity added to every pod).
    static let nodeAffinity = PluginArgsKind(
        plugin: "NodeAffinity",
        shape: ["addedAffinity": .object(NodeSelectorValidation.nodeAffinityShape)],
        applyDefaults: { _ in },
        validate: { args, path in
            guard let added = args["addedAffinity"], added != .null else { return [] }
            return NodeSelectorValidation.validateNodeAffinity(added, at: path.child("addedAffinity"))
        })

    /// NodeResourcesBalancedAllocationArgs: resources (default cpu and memory), each weight 1, names unique.
    static let nodeResourcesBalancedAllocation = PluginArgsKind(
        plugin: "NodeResourcesBalancedAllocation",
        shape: ["resources": resourcesShape],
        applyDefaults: { args in
            let resources = args.list("resources")
            args["resources"] = resources.isEmpty ? defaultResources : defaultWeights(resources)
        },
        validate: { args, path in
            var errors: [ConfigurationFieldError] = []
            var seen: Set<String> = []
            for (index, resource) in args.list("resources").enumerated() {
                let resourcePath = path.child("resources").index(index)
                let name = resource.string("name")
                if !seen.insert(name).inserted { errors.append(.duplicate(resourcePath.child("name"), .string(name))) }
                if resource.int("weight") != 1 {
                    errors.append(.invalid(resourcePath.child("weight"), .number(resource.int("weight")), "must be 1"))
                }
            }
            return errors
        })

    /// NodeResourcesFitArgs: scoringStrategy (default LeastAllocated over cpu and memory, weight 1),
    /// ignoredResources, ignoredResourceGroups.
    static let nodeResourcesFit = PluginArgsKind(
        plugin: "NodeResourcesFit",
        shape: [
            "ignoredResources": .list(.string), "ignoredResourceGroups": .list(.string),
            "scoringStrategy": .object([
                "type": .string, "resources": resourcesShape,
                "requestedToCapacityRatio": .object(["shape": utilizationShape]),
            ]),
        ],
        applyDefaults: { args in
            var strategy = args["scoringStrategy"] ?? .null
            if strategy == .null { strategy = ["type": "LeastAllocated", "resources": defaultResources] }
            let resources = strategy.list("resources")
            strategy["resources"] = resources.isEmpty ? defaultResources : defaultWeights(resources)
            args["scoringStrategy"] = strategy
        },
        validate: { args, path in
            var errors: [ConfigurationFieldError] = []
            for (index, name) in args.list("ignoredResources").enumerated() {
                errors += QualifiedName.validate(name.stringValue ?? "", at: path.child("ignoredResources").index(index))
            }
            for (index, group) in args.list("ignoredResourceGroups").enumerated() {
                let groupPath = path.child("ignoredResourceGroups").index(index), text = group.stringValue ?? ""
                if text.contains("/") { errors.append(.invalid(groupPath, group, "resource group name can't contain '/'")) }
                errors += QualifiedName.validate(text, at: groupPath)
            }
            guard let strategy = args["scoringStrategy"], strategy != .null else { return errors }
            let strategyPath = path.child("scoringStrategy")
            let types = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"]
            let type = strategy.string("type")
            if !types.contains(type) { errors.append(.notSupported(strategyPath.child("type"), .string(type), supported: types)) }
            for (index, resource) in strategy.list("resources").enumerated() where !(1...100).contains(resource.int("weight")) {
                errors.append(.invalid(
                    strategyPath.child("resources").index(index).child("weight"), .number(resource.int("weight")),
                    "resource weight of \(resource.string("name")) not in valid range (0, 100]"))
            }
            if let ratio = strategy["requestedToCapacityRatio"], ratio != .null {
                errors += validateShape(ratio.list("shape"), at: strategyPath.child("requestedToCapacityRatio", "shape"), maxScore: 10)
            } else if type == "RequestedToCapacityRatio" {
                errors.append(.required(strategyPath.child("requestedToCapacityRatio"), "required for the RequestedToCapacityRatio strategy"))
            }
            return errors
        })

    /// Validates a utilization → score shape: at least one point, utilization strictly increasing
    /// and within 0..100, score within 0..maxScore.
    static func validateShape(_ shape: [JSONValue], at path: ConfigurationFieldPath, maxScore: Int) -> [ConfigurationFieldError] {
        guard !shape.isEmpty else { return [.required(path, "at least one point must be specified")] }
        var errors: [ConfigurationFieldError] = []
        for index in shape.indices.dropFirst() where shape[index - 1].int("utilization") >= shape[index].int("utilization") {
            errors.append(.invalid(
                path.index(index).child("utilization"), .number(shape[index].int("utilization")),
                "utilization values must be sorted in increasing order"))
            break
        }
        for (index, point) in shape.enumerated() {
            if !(0...100).contains(point.int("utilization")) {
                errors.append(.invalid(path.index(index).child("utilization"), .number(point.int("utilization")), "not in valid range [0, 100]"))
            }
            if !(0...maxScore).contains(point.int("score")) {
                errors.append(.invalid(path.index(index).child("score"), .number(point.int("score")), "not in valid range [0, \(maxScore)]"))
            }
        }
        return errors
    }

    /// PodTopologySpreadArgs: defaultingType (default System; System or List) and
    /// defaultConstraints (only with List; each valid and without labelSelector).
    static let podTopologySpread = PluginArgsKind(
        plugin: "PodTopologySpread",
        shape: [
            "defaultingType": .string,
            "defaultConstraints": .list(.object([
                "maxSkew": .int, "topologyKey": .string, "whenUnsatisfiable": .string, "labelSelector": .any,
                "minDomains": .int, "nodeAffinityPolicy": .string, "nodeTaintsPolicy": .string, "matchLabelKeys": .list(.string),
            ])),
        ],
        applyDefaults: { args in
            if args.string("defaultingType").isEmpty { args["defaultingType"] = "System" }
        },
        validate: { args, path in
            var errors: [ConfigurationFieldError] = []
            let type = args.string("defaultingType"), constraints = args.list("defaultConstraints")
            if type != "System" && type != "List" {
                errors.append(.notSupported(path.child("defaultingType"), .string(type), supported: ["System", "List"]))
            } else if type == "System" && !constraints.isEmpty {
                errors.append(.invalid(path.child("defaultingType"), .string(type), "when .defaultConstraints are not empty"))
            }
            let listPath = path.child("defaultConstraints")
            for (index, constraint) in constraints.enumerated() {
                let itemPath = listPath.index(index)
                let maxSkew = constraint.int("maxSkew")
                if maxSkew <= 0 { errors.append(.invalid(itemPath.child("maxSkew"), .number(maxSkew), "not in valid range (0, inf)")) }
                let key = constraint.string("topologyKey")
                if key.isEmpty {
                    errors.append(.required(itemPath.child("topologyKey"), "can not be empty"))
                } else {
                    errors += QualifiedName.validate(key, at: itemPath.child("topologyKey"))
                }
                let action = constraint.string("whenUnsatisfiable")
                if action.isEmpty {
                    errors.append(.required(itemPath.child("whenUnsatisfiable"), "can not be empty"))
                } else if action != "DoNotSchedule" && action != "ScheduleAnyway" {
                    errors.append(.notSupported(itemPath.child("whenUnsatisfiable"), .string(action), supported: ["DoNotSchedule", "ScheduleAnyway"]))
                }
                if let selector = constraint["labelSelector"], selector != .null {
                    errors.append(.forbidden(itemPath.child("labelSelector"), "constraint must not define a selector, as they deduced for each pod"))
                }
                if constraints[..<index].contains(where: { $0.string("topologyKey") == key && $0.string("whenUnsatisfiable") == action }) {
                    errors.append(.duplicate(itemPath, .string("{\(key), \(action)}")))
                }
            }
            return errors
        })

    /// VolumeBindingArgs: bindTimeoutSeconds (default 600, >= 0) and an optional shape
    /// (utilization 0..100 increasing, score 0..10).
    static let volumeBinding = PluginArgsKind(
        plugin: "VolumeBinding",
        shape: ["bindTimeoutSeconds": .int, "shape": utilizationShape],
        applyDefaults: { args in
            if args["bindTimeoutSeconds"] == nil { args["bindTimeoutSeconds"] = 600 }
        },
        validate: { args, path in
            var errors: [ConfigurationFieldError] = []
            let timeout = args.int("bindTimeoutSeconds")
            if timeout < 0 {
                errors.append(.invalid(path.child("bindTimeoutSeconds"), .number(timeout), "invalid BindTimeoutSeconds, should not be a negative value"))
            }
            if let shape = args["shape"]?.arrayValue, !shape.isEmpty {
                errors += validateShape(shape, at: path.child("shape"), maxScore: 10)
            }
            return errors
        })
}
