import Foundation
import PluginSDK

/// kubescheduler.config.k8s.io/v1 NodeResourcesFitArgs: the extended resources the Filter
/// ignores, and the scoring strategy (LeastAllocated by default, over cpu and memory weighted 1).
struct NodeResourcesFitArgs: Decodable {
    /// The kind name errors start with.
    static let kind = "NodeResourcesFitArgs"
    /// The strategy types Kubernetes supports.
    static let strategyTypes = ["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"]

    /// kubescheduler.config.k8s.io/v1 UtilizationShapePoint.
    struct ShapePoint: Decodable, Equatable {
        /// Utilization, 0...100.
        var utilization: Int64
        /// Score, 0...10.
        var score: Int64
    }

    /// kubescheduler.config.k8s.io/v1 RequestedToCapacityRatioParam.
    struct RequestedToCapacityRatio: Decodable {
        /// The piecewise linear function from utilization to score.
        var shape: [ShapePoint]?
    }

    /// kubescheduler.config.k8s.io/v1 ScoringStrategy.
    struct ScoringStrategy: Decodable {
        /// "LeastAllocated", "MostAllocated" or "RequestedToCapacityRatio".
        var type: String?
        /// The resources scored and their weights.
        var resources: [ResourceSpec]?
        /// RequestedToCapacityRatio's shape.
        var requestedToCapacityRatio: RequestedToCapacityRatio?
    }

    /// `ignoredResources`: extended resources the Filter does not check.
    var ignoredResources: [String]?
    /// `ignoredResourceGroups`: prefixes (before the "/") of extended resources the Filter does not check.
    var ignoredResourceGroups: [String]?
    /// `scoringStrategy`.
    var scoringStrategy: ScoringStrategy?

    /// The strategy type after defaulting.
    var strategyType: String { scoringStrategy?.type ?? "LeastAllocated" }
    /// The scored resources after defaulting.
    var resources: [ResourceSpec] { ResourceSpec.defaulted(scoringStrategy?.resources) }
    /// The RequestedToCapacityRatio shape.
    var shape: [ShapePoint] { scoringStrategy?.requestedToCapacityRatio?.shape ?? [] }

    /// Decodes, defaults and checks the args (nil data: every default).
    static func decode(_ data: Data?) throws -> NodeResourcesFitArgs {
        let args = try PluginArgs.decode(NodeResourcesFitArgs.self, from: data, kind: kind) ?? NodeResourcesFitArgs()
        try args.validate()
        return args
    }

    /// Refuses what Kubernetes' ValidateNodeResourcesFitArgs refuses.
    func validate() throws {
        for (index, group) in (ignoredResourceGroups ?? []).enumerated() {
            let path = "ignoredResourceGroups[\(index)]"
            if group.contains("/") { throw PluginArgs.invalid(Self.kind, path, "\"\(group)\"", "resource group name can't contain '/'") }
            if group.isEmpty { throw PluginArgs.invalid(Self.kind, path, "\"\"", "name part must be non-empty") }
        }
        for (index, name) in (ignoredResources ?? []).enumerated() where name.isEmpty {
            throw PluginArgs.invalid(Self.kind, "ignoredResources[\(index)]", "\"\"", "name part must be non-empty")
        }
        guard Self.strategyTypes.contains(strategyType) else {
            throw PluginArgs.unsupported(Self.kind, "scoringStrategy.type", strategyType, supported: Self.strategyTypes)
        }
        for (index, resource) in resources.enumerated() where resource.weight <= 0 || resource.weight > 100 {
            throw PluginArgs.invalid(
                Self.kind, "scoringStrategy.resources[\(index)].weight", String(resource.weight),
                "resource weight of \(resource.name) not in valid range (0, 100]")
        }
        if scoringStrategy?.requestedToCapacityRatio != nil || strategyType == "RequestedToCapacityRatio" {
            try Self.validate(shape: shape)
        }
    }

    /// Checks a RequestedToCapacityRatio shape: at least one point, utilizations increasing within
    /// 0...100, scores within 0...10.
    static func validate(shape: [ShapePoint]) throws {
        let path = "scoringStrategy.shape"
        if shape.isEmpty { throw PluginArgs.required(kind, path, "at least one point must be specified") }
        for index in shape.indices.dropFirst() where shape[index - 1].utilization >= shape[index].utilization {
            throw PluginArgs.invalid(
                kind, "\(path)[\(index)].utilization", String(shape[index].utilization),
                "utilization values must be sorted in increasing order")
        }
        for (index, point) in shape.enumerated() {
            if point.utilization < 0 || point.utilization > 100 {
                throw PluginArgs.invalid(kind, "\(path)[\(index)].utilization", String(point.utilization), "not in valid range [0, 100]")
            }
            if point.score < 0 || point.score > ScoringFunctions.maxCustomPriorityScore {
                throw PluginArgs.invalid(kind, "\(path)[\(index)].score", String(point.score), "not in valid range [0, 10]")
            }
        }
    }
}
