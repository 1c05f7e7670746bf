import Foundation
import PluginSDK

/// kubescheduler.config.k8s.io/v1 NodeAffinityArgs: `addedAffinity`, a node affinity every pod of
/// the profile must also satisfy (required terms) and is scored by (preferred terms).
struct NodeAffinityArgs: Decodable {
    /// The kind name errors start with.
    static let kind = "NodeAffinityArgs"
    /// `addedAffinity`.
    var addedAffinity: Affinity.NodeAffinity?

    /// Decodes and checks the args (nil data: no added affinity).
    static func decode(_ data: Data?) throws -> NodeAffinityArgs {
        let args = try PluginArgs.decode(NodeAffinityArgs.self, from: data, kind: kind) ?? NodeAffinityArgs()
        try args.validate()
        return args
    }

    /// Refuses what Kubernetes' validation refuses: a required node selector without terms, bad
    /// requirements, preferred weights outside 1-100.
    func validate() throws {
        guard let added = addedAffinity else { return }
        let base = "addedAffinity"
        if let required = added.requiredDuringSchedulingIgnoredDuringExecution {
            let path = "\(base).requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms"
            let terms = required.nodeSelectorTerms ?? []
            if terms.isEmpty { throw PluginArgs.required(Self.kind, path, "must have at least one node selector term") }
            for (index, term) in terms.enumerated() { try Self.validate(term, path: "\(path)[\(index)]") }
        }
        for (index, preferred) in (added.preferredDuringSchedulingIgnoredDuringExecution ?? []).enumerated() {
            let path = "\(base).preferredDuringSchedulingIgnoredDuringExecution[\(index)]"
            if preferred.weight < 1 || preferred.weight > 100 {
                throw PluginArgs.invalid(Self.kind, "\(path).weight", String(preferred.weight), "must be in the range 1-100")
            }
            try Self.validate(preferred.preference, path: "\(path).preference")
        }
    }

    /// Checks one term's label requirements and field requirements.
    static func validate(_ term: NodeSelectorTerm, path: String) throws {
        for (index, requirement) in (term.matchExpressions ?? []).enumerated() {
            try validate(requirement, path: "\(path).matchExpressions[\(index)]")
        }
        for (index, requirement) in (term.matchFields ?? []).enumerated() {
            let fieldPath = "\(path).matchFields[\(index)]"
            guard requirement.key == "metadata.name" else {
                throw invalid(fieldPath + ".key", requirement.key, "not a valid field selector key")
            }
            guard requirement.operator == "In" || requirement.operator == "NotIn" else {
                throw invalid(fieldPath + ".operator", requirement.operator, "not a valid selector operator")
            }
            guard requirement.values?.count == 1 else {
                throw required(kind, fieldPath + ".values", "must be only one value when `operator` is 'In' or 'NotIn' for node field selector")
            }
        }
    }

    /// Checks one label requirement as core/v1 validation does.
    static func validate(_ requirement: NodeSelectorRequirement, path: String) throws {
        let values = requirement.values ?? []
        switch requirement.operator {
        case "In", "NotIn":
            if values.isEmpty { throw required(kind, path + ".values", "must be specified when `operator` is 'In' or 'NotIn'") }
        case "Exists", "DoesNotExist":
            if !values.isEmpty {
                throw PluginError.invalidArgument("\(kind): \(path).values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
            }
        case "Gt", "Lt":
            if values.count != 1 { throw required(kind, path + ".values", "must be specified single value when `operator` is 'Lt' or 'Gt'") }
            if Int64(values[0]) == nil { throw invalid(path + ".values[0]", values[0], "must be an integer") }
        default:
            throw invalid(path + ".operator", requirement.operator, "not a valid selector operator")
        }
    }

    private static func invalid(_ path: String, _ value: String, _ detail: String) -> PluginError {
        PluginArgs.invalid(kind, path, "\"\(value)\"", detail)
    }

    private static func required(_ kind: String, _ path: String, _ detail: String) -> PluginError {
        PluginArgs.required(kind, path, detail)
    }
}
