/// kubescheduler.config.k8s.io/v1 ResourceSpec: a resource a scoring strategy looks at and its
/// weight (0 in the args means the default, 1).
struct ResourceSpec: Decodable, Equatable {
    /// The resource name ("cpu", "memory", "example.com/gpu").
    var name: String
    /// The weight.
    var weight: Int64

    /// Creates a spec.
    init(name: String, weight: Int64) {
        self.name = name
        self.weight = weight
    }

    /// Decodes a spec; a missing weight is 0 until defaulted.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        name = try container.decode(String.self, forKey: .name)
        weight = try container.decodeIfPresent(Int64.self, forKey: .weight) ?? 0
    }

    private enum Keys: String, CodingKey { case name, weight }

    /// cpu and memory, weight 1 each: the default of NodeResourcesFit and BalancedAllocation.
    static let defaults = [ResourceSpec(name: ResourceName.cpu, weight: 1), ResourceSpec(name: ResourceName.memory, weight: 1)]

    /// `specs` with Kubernetes' defaults: the default set when empty, weight 1 where 0.
    static func defaulted(_ specs: [ResourceSpec]?) -> [ResourceSpec] {
        guard let specs, !specs.isEmpty else { return defaults }
        return specs.map { ResourceSpec(name: $0.name, weight: $0.weight == 0 ? 1 : $0.weight) }
    }
}
