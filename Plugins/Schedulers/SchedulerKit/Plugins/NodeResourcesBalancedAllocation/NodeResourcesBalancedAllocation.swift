import Foundation

/// NodeResourcesBalancedAllocation (PreScore, Score): favours nodes whose requested fractions of
/// the configured resources (cpu and memory by default) would be even after placing the pod:
/// 100 × (1 − their standard deviation), each fraction capped at 1, with the real requests (no
/// non-zero defaults). Scores are already 0...100 (no normalization).
final class NodeResourcesBalancedAllocation: ResourceScoringPlugin {
    /// The name profiles use.
    static let name = "NodeResourcesBalancedAllocation"
    /// The cycle-state key of the pod's requests per resource.
    static let preScoreKey = "PreScoreNodeResourcesBalancedAllocation"

    /// The scorer over the configured resources.
    let scorer: ResourceAllocationScorer

    /// Creates the plugin from NodeResourcesBalancedAllocationArgs.
    init(args: Data?, snapshot: Snapshot) throws {
        let resources = try NodeResourcesBalancedAllocationArgs.resources(from: args)
        scorer = ResourceAllocationScorer(resources: resources, useRequested: true, formula: .balanced)
    }
}
