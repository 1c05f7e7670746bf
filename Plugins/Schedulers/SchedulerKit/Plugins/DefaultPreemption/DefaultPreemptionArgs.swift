import Foundation
import PluginSDK

/// DefaultPreemptionArgs (kubescheduler.config.k8s.io/v1): how many candidate nodes preemption
/// dry-runs before it picks one.
struct DefaultPreemptionArgs: Decodable, Equatable {
    /// The share of the potential nodes to find candidates on (0...100, default 10).
    var minCandidateNodesPercentage: Int
    /// The least number of candidates to find (>= 0, default 100).
    var minCandidateNodesAbsolute: Int

    /// The kind name errors start with.
    static let kind = "DefaultPreemptionArgs"

    /// The JSON fields.
    private enum CodingKeys: String, CodingKey { case minCandidateNodesPercentage, minCandidateNodesAbsolute }

    /// The defaults (10%, 100 nodes).
    init(minCandidateNodesPercentage: Int = 10, minCandidateNodesAbsolute: Int = 100) {
        self.minCandidateNodesPercentage = minCandidateNodesPercentage
        self.minCandidateNodesAbsolute = minCandidateNodesAbsolute
    }

    /// Decodes the args, defaulting absent fields.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        minCandidateNodesPercentage = try container.decodeIfPresent(Int.self, forKey: .minCandidateNodesPercentage) ?? 10
        minCandidateNodesAbsolute = try container.decodeIfPresent(Int.self, forKey: .minCandidateNodesAbsolute) ?? 100
    }

    /// Decodes `data` (nil: the defaults) and validates it as kube-scheduler does.
    static func decode(_ data: Data?) throws -> DefaultPreemptionArgs {
        guard let args = try PluginArgs.decode(DefaultPreemptionArgs.self, from: data, kind: kind) else { return DefaultPreemptionArgs() }
        let percentage = args.minCandidateNodesPercentage, absolute = args.minCandidateNodesAbsolute
        if !(0...100).contains(percentage) {
            throw PluginArgs.invalid(kind, "minCandidateNodesPercentage", "\(percentage)", "not in valid range [0, 100]")
        }
        if absolute < 0 {
            throw PluginArgs.invalid(kind, "minCandidateNodesAbsolute", "\(absolute)", "not in valid range [0, inf)")
        }
        if percentage == 0 && absolute == 0 {
            throw PluginArgs.invalid(kind, "minCandidateNodesPercentage", "0", "cannot be zero at the same time as minCandidateNodesAbsolute")
        }
        return args
    }

    /// How many candidates to find among `potentialNodes` nodes (kube-scheduler's
    /// calculateNumCandidates): the percentage of them, at least the absolute number, never
    /// more than there are.
    func numberOfCandidates(among potentialNodes: Int) -> Int {
        var count = potentialNodes * minCandidateNodesPercentage / 100
        if count < minCandidateNodesAbsolute { count = minCandidateNodesAbsolute }
        return min(count, potentialNodes)
    }
}
