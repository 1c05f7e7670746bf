import Foundation
import PluginSDK

/// PodTopologySpreadArgs (kubescheduler.config.k8s.io/v1): the cluster-level constraints applied
/// to pods that have none of their own.
struct PodTopologySpreadArgs: Decodable {
    /// How default constraints are chosen: "System" (Kubernetes' built-in ones) or "List"
    /// (`defaultConstraints` as given).
    var defaultingType: String
    /// The constraints for "List"; must be empty for "System".
    var defaultConstraints: [TopologySpreadConstraint]

    /// The kind name errors start with.
    static let kind = "PodTopologySpreadArgs"
    /// "System", the default.
    static let system = "System"
    /// "List".
    static let list = "List"

    /// kube-scheduler's system default constraints: spread over hostnames with maxSkew 3 and over
    /// zones with maxSkew 5, both ScheduleAnyway (so they only score, never filter).
    static let systemDefaultConstraints: [TopologySpreadConstraint] = [
        TopologySpreadConstraint(maxSkew: 3, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway"),
        TopologySpreadConstraint(maxSkew: 5, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway"),
    ]

    private enum CodingKeys: String, CodingKey { case defaultingType, defaultConstraints }

    /// The defaults: System, no listed constraints.
    init() {
        defaultingType = Self.system
        defaultConstraints = []
    }

    /// Decodes the args, defaulting absent fields.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultingType = try container.decodeIfPresent(String.self, forKey: .defaultingType) ?? Self.system
        defaultConstraints = try container.decodeIfPresent([TopologySpreadConstraint].self, forKey: .defaultConstraints) ?? []
    }

    /// Decodes `data` (nil: the defaults) and validates it as kube-scheduler does.
    static func decode(_ data: Data?) throws -> PodTopologySpreadArgs {
        guard let args = try PluginArgs.decode(PodTopologySpreadArgs.self, from: data, kind: kind) else { return PodTopologySpreadArgs() }
        try args.validate()
        return args
    }

    /// kube-scheduler's ValidatePodTopologySpreadArgs.
    func validate() throws {
        guard defaultingType == Self.system || defaultingType == Self.list else {
            throw PodTopologySpreadArgs.invalid("defaultingType: Unsupported value: \"\(defaultingType)\": supported values: \"List\", \"System\"")
        }
        if defaultingType == Self.system && !defaultConstraints.isEmpty {
            throw PodTopologySpreadArgs.invalid("defaultConstraints: Invalid value: when .defaultingType is \"System\", .defaultConstraints must be empty")
        }
        var seen = Set<String>()
        for (index, constraint) in defaultConstraints.enumerated() {
            let path = "defaultConstraints[\(index)]"
            if constraint.maxSkew <= 0 {
                throw PodTopologySpreadArgs.invalid("\(path).maxSkew: Invalid value: \(constraint.maxSkew): not in valid range [1, inf)")
            }
            if constraint.topologyKey.isEmpty { throw PodTopologySpreadArgs.invalid("\(path).topologyKey: Required value: can not be empty") }
            if constraint.whenUnsatisfiable != "DoNotSchedule" && constraint.whenUnsatisfiable != "ScheduleAnyway" {
                throw PodTopologySpreadArgs.invalid("\(path).whenUnsatisfiable: Unsupported value: \"\(constraint.whenUnsatisfiable)\": supported values: \"DoNotSchedule\", \"ScheduleAnyway\"")
            }
            let pair = constraint.topologyKey + "/" + constraint.whenUnsatisfiable
            if !seen.insert(pair).inserted {
                throw PodTopologySpreadArgs.invalid("\(path): Duplicate value: {\"\(constraint.topologyKey)\", \"\(constraint.whenUnsatisfiable)\"}")
            }
            if constraint.labelSelector != nil {
                throw PodTopologySpreadArgs.invalid("\(path).labelSelector: Forbidden: constraint must not define a selector, as they deduced for each pod")
            }
        }
    }

    /// The constraints used for pods without their own, by defaulting type.
    var effectiveDefaults: [TopologySpreadConstraint] {
        defaultingType == Self.system ? Self.systemDefaultConstraints : defaultConstraints
    }
}

extension PodTopologySpreadArgs {
    /// The error for refused args: `PodTopologySpreadArgs: <path>: <detail>`, as Kubernetes'
    /// validation words it.
    static func invalid(_ message: String) -> PluginError { PluginError.invalidArgument("\(kind): \(message)") }
}
