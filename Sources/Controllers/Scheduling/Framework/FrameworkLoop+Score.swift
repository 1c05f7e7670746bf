import Kernel

/// PreScore and Score over the feasible nodes: each plugin's normalized 0...100 score times its
/// weight, summed per node; the best total wins, ties broken uniformly at random.
extension FrameworkLoop {
    /// Scores `feasible` (two or more nodes) and picks one.
    func score(_ attempt: FrameworkAttempt, feasible: [UInt32]) -> CycleOutcome {
        let profile = attempt.profile
        var skipScore: Set<String> = []
        for ref in profile.at(.preScore) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            let status = bundles[ref.bundle].preScore(ref.handle, cycle: cycle, nodes: feasible)
            if status.code == .skip {
                skipScore.insert(ref.name)
            } else if !status.isSuccess {
                return .failure(.error("running PreScore plugin \"\(ref.name)\": \(status.reasons.joined(separator: ", "))"))
            }
        }
        var totals = [Int64](repeating: 0, count: feasible.count)
        var scores = [Int64](repeating: 0, count: feasible.count)
        for ref in profile.at(.score) where !skipScore.contains(ref.name) {
            guard let cycle = attempt.cycles[ref.bundle] else { continue }
            scores.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            // The client refuses scores outside 0...100, so the sum needs no checks.
            let status = bundles[ref.bundle].score(ref.handle, cycle: cycle, nodes: feasible, scores: &scores)
            guard status.isSuccess else {
                return .failure(.error("running Score plugin \"\(ref.name)\": \(status.reasons.joined(separator: ", "))"))
            }
            let weight = ref.weight
            totals.withUnsafeMutableBufferPointer { totals in
                scores.withUnsafeBufferPointer { scores in
                    for position in 0..<totals.count { totals[position] &+= scores[position] &* weight }
                }
            }
        }
        return .node(feasible[Self.selectBest(totals, using: &tieBreaker)])
    }

    /// The position of the highest total; among equal totals each is chosen with the same
    /// probability (the distribution of kube-scheduler's selectHost, which samples a reservoir).
    static func selectBest(_ totals: [Int64]) -> Int {
        var generator = TieBreaker()
        return selectBest(totals, using: &generator)
    }

    /// `selectBest` drawing from `generator` (the loop keeps one fast generator, so a draw costs
    /// no system call).
    static func selectBest<Generator: RandomNumberGenerator>(_ totals: [Int64], using generator: inout Generator) -> Int {
        totals.withUnsafeBufferPointer { totals in
            // One pass finds the best total, how many nodes have it and the first of them; a
            // second pass runs only when a draw among several picks another.
            var best = Int64.min
            var ties = 0
            var first = 0
            for position in 0..<totals.count {
                let total = totals[position]
                if total > best {
                    best = total
                    ties = 1
                    first = position
                } else if total == best {
                    ties &+= 1
                }
            }
            guard ties > 1 else { return first }
            var wanted = Int.random(in: 0..<ties, using: &generator)
            guard wanted > 0 else { return first }
            for position in (first + 1)..<totals.count where totals[position] == best {
                wanted -= 1
                if wanted == 0 { return position }
            }
            return first
        }
    }
}

/// SplitMix64 seeded from the system's generator: uniform enough to break ties between nodes,
/// and no system call per draw.
struct TieBreaker: RandomNumberGenerator {
    private var state: UInt64

    /// A generator with a random seed.
    init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
