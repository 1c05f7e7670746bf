/// The per-node loops of LeastAllocated, MostAllocated and BalancedAllocation when every scored
/// resource is cpu, memory or ephemeral-storage (the default): each node's numbers come straight
/// from its `NodeRow`, with the same arithmetic as `ScoringFunctions` but no buffers, closures or
/// bounds checks between them; this is the busiest code of a scheduling cycle.
struct FixedResourceScoring {
    /// One scored resource.
    struct Resource {
        /// Which one.
        var kind: FixedResource
        /// The pod's request of it (non-zero default applied as the strategy says).
        var podRequest: Int64
        /// Its weight.
        var weight: Int64
    }

    /// The scored resources, in configuration order (ignored names left out).
    let resources: [Resource]
    /// Whether node amounts are the real requests (BalancedAllocation) or the non-zero ones.
    let useRequested: Bool

    /// The resources of `slots` (nil when a scalar resource is among them).
    init?(slots: [ResourceAllocationScorer.Slot], weights: [Int64], podRequests: [Int64], useRequested: Bool) {
        var resources: [Resource] = []
        for (index, slot) in slots.enumerated() {
            switch slot {
            case .fixed(let kind): resources.append(Resource(kind: kind, podRequest: podRequests[index], weight: weights[index]))
            case .ignored: continue
            case .scalar: return nil
            }
        }
        self.resources = resources
        self.useRequested = useRequested
    }

    /// ⌊numerator / denominator⌋ from the denominator's precomputed inverse: the product is
    /// within one of the quotient (0 ≤ numerator < 2^53), and one integer step corrects it.
    @inline(__always)
    static func quotient(_ numerator: Int64, _ denominator: Int64, inverse: Double) -> Int64 {
        guard numerator >= 0, numerator < 1 << 53, denominator > 0 else { return numerator / denominator }
        var quotient = Int64(Double(numerator) * inverse)
        if quotient * denominator > numerator {
            quotient -= 1
        } else if (quotient + 1) * denominator <= numerator {
            quotient += 1
        }
        return quotient
    }

    /// What the node can allocate of `resource`, what would be requested with the pod, and
    /// 1 / the allocatable amount.
    @inline(__always)
    private func amounts(_ row: NodeRow, _ resource: Resource) -> (allocatable: Int64, requested: Int64, inverse: Double) {
        let amounts = row.amounts(of: resource.kind, useRequested: useRequested)
        return (amounts.allocatable, amounts.requested + resource.podRequest, amounts.inverse)
    }

    /// The pod's request of each scored resource: what a node's score depends on besides its row.
    var podRequestKey: [Int64] { resources.map(\.podRequest) }

    /// LeastAllocated (`most` false) or MostAllocated scores of `nodes` into `scores`, reusing
    /// from `memo` the scores of nodes whose rows did not change.
    func allocated(_ nodes: NodeBatch, most: Bool, memo: RowScoreMemo, into scores: UnsafeMutableBufferPointer<Int64>) {
        // The usual weight sum (every resource allocatable) and its inverse.
        let fullWeight = resources.reduce(0) { $0 + $1.weight }
        let inverseFullWeight = fullWeight > 0 ? 1 / Double(fullWeight) : 0
        resources.withUnsafeBufferPointer { resources in
            memo.fill(nodes, key: podRequestKey, into: scores) { row in
                var total: Int64 = 0
                var weightSum: Int64 = 0
                for resource in resources {
                    let (capacity, requested, inverse) = amounts(row, resource)
                    guard capacity != 0 else { continue }
                    let share = most
                        ? Self.quotient(min(requested, capacity) * NodeScore.max, capacity, inverse: inverse)
                        : requested > capacity ? 0 : Self.quotient((capacity - requested) * NodeScore.max, capacity, inverse: inverse)
                    total += share * resource.weight
                    weightSum += resource.weight
                }
                return weightSum == 0 ? 0
                    : weightSum == fullWeight ? Self.quotient(total, weightSum, inverse: inverseFullWeight)
                    : ScoringFunctions.quotient(total, weightSum)
            }
        }
    }

    /// BalancedAllocation scores of `nodes` into `scores` (`ScoringFunctions.balanced`),
    /// reusing from `memo` the scores of nodes whose rows did not change.
    func balanced(_ nodes: NodeBatch, memo: RowScoreMemo, into scores: UnsafeMutableBufferPointer<Int64>) {
        resources.withUnsafeBufferPointer { resources in
            memo.fill(nodes, key: podRequestKey, into: scores) { row in
                // At most three fixed resources: their fractions stay in registers.
                var count = 0
                var fractions = (0.0, 0.0, 0.0)
                for resource in resources {
                    let (capacity, requested, _) = amounts(row, resource)
                    guard capacity != 0 else { continue }
                    let fraction = min(1, Double(requested) / Double(capacity))
                    switch count {
                    case 0: fractions.0 = fraction
                    case 1: fractions.1 = fraction
                    default: fractions.2 = fraction
                    }
                    count += 1
                }
                var deviation = 0.0
                if count == 2 {
                    deviation = abs((fractions.0 - fractions.1) / 2)
                } else if count > 2 {
                    let mean = (fractions.0 + fractions.1 + fractions.2) / 3
                    let squares = (fractions.0 - mean) * (fractions.0 - mean) + (fractions.1 - mean) * (fractions.1 - mean)
                        + (fractions.2 - mean) * (fractions.2 - mean)
                    deviation = (squares / 3).squareRoot()
                }
                return Int64((1 - deviation) * Double(NodeScore.max))
            }
        }
    }
}
