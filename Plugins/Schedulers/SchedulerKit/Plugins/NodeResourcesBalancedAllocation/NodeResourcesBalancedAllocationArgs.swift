import Foundation

/// kubescheduler.config.k8s.io/v1 NodeResourcesBalancedAllocationArgs: the resources whose
/// requested fractions are balanced (cpu and memory by default); every weight must be 1.
struct NodeResourcesBalancedAllocationArgs: Decodable {
    /// The kind name errors start with.
    static let kind = "NodeResourcesBalancedAllocationArgs"
    /// `resources`.
    var resources: [ResourceSpec]?

    /// Decodes, defaults and checks the args, returning the resources to balance.
    static func resources(from data: Data?) throws -> [ResourceSpec] {
        let args = try PluginArgs.decode(Self.self, from: data, kind: kind) ?? Self()
        let resources = ResourceSpec.defaulted(args.resources)
        var seen = Set<String>()
        for (index, resource) in resources.enumerated() {
            if resource.weight != 1 {
                throw PluginArgs.invalid(kind, "resources[\(index)].weight", String(resource.weight), "must be 1")
            }
            if !seen.insert(resource.name).inserted {
                throw PluginArgs.duplicate(kind, "resources[\(index)].name", resource.name)
            }
        }
        return resources
    }
}
