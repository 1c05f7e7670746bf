import Foundation

/// A node where preempting some pods lets the pod fit, with those pods (kube-scheduler's
/// candidate: the node name and its Victims).
struct PreemptionCandidate {
    /// The node (the snapshot's, not the simulation copy).
    var node: NodeInfo
    /// The pods to evict, most important first.
    var victims: [PodInfo]
    /// How many victims would violate a PodDisruptionBudget.
    var pdbViolations: Int
}

extension PreemptionCandidate {
    /// Picks the candidate as kube-scheduler's pickOneNodeForPreemption does: fewest PDB
    /// violations, then the lowest highest-victim priority, then the smallest sum of victim
    /// priorities (each shifted by 2^31 so that more victims weigh more), then the fewest
    /// victims, then the latest start among the highest-priority victims, then the first.
    static func pick(_ candidates: [PreemptionCandidate], now: Date) -> PreemptionCandidate? {
        guard !candidates.isEmpty else { return nil }
        let scores: [(PreemptionCandidate) -> Int64] = [
            { -Int64($0.pdbViolations) },
            { -Int64($0.victims.first?.priority ?? 0) },
            { candidate in -candidate.victims.reduce(Int64(0)) { $0 + Int64($1.priority) + Int64(Int32.max) + 1 } },
            { -Int64($0.victims.count) },
            { candidate in
                guard let earliest = PreemptionOrdering.earliestStartOfHighestPriority(candidate.victims, now: now) else { return Int64.min }
                return Int64((earliest.timeIntervalSince1970 * 1_000_000_000).rounded())
            },
        ]
        var remaining = candidates
        for score in scores {
            var best = Int64.min
            var selected: [PreemptionCandidate] = []
            for candidate in remaining {
                let value = score(candidate)
                if value > best {
                    best = value
                    selected = [candidate]
                } else if value == best {
                    selected.append(candidate)
                }
            }
            if selected.count == 1 { return selected[0] }
            remaining = selected
        }
        return remaining.first
    }
}
