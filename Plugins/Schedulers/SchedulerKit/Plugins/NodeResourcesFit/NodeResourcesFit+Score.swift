import Foundation

/// NodeResourcesFit's PreScore and Score: the configured strategy (LeastAllocated,
/// MostAllocated or RequestedToCapacityRatio) over the configured resources and weights, with
/// the non-zero requests for cpu and memory. Scores are already 0...100 (no normalization).
extension NodeResourcesFit: ResourceScoringPlugin {
    /// The cycle-state key of the pod's requests per scored resource.
    static let preScoreKey = "PreScoreNodeResourcesFit"
}
