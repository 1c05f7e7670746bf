import Foundation
import PluginSDK

/// InterPodAffinityArgs (kubescheduler.config.k8s.io/v1).
struct InterPodAffinityArgs: Decodable {
    /// The score an existing pod's required affinity term adds to the nodes of its domain when
    /// the incoming pod matches it (0...100, default 1).
    var hardPodAffinityWeight: Int
    /// Whether PreScore ignores existing pods' preferred terms when the incoming pod has no
    /// preferred terms of its own (default false).
    var ignorePreferredTermsOfExistingPods: Bool

    /// The kind name errors start with.
    static let kind = "InterPodAffinityArgs"

    private enum CodingKeys: String, CodingKey { case hardPodAffinityWeight, ignorePreferredTermsOfExistingPods }

    /// The defaults.
    init() {
        hardPodAffinityWeight = 1
        ignorePreferredTermsOfExistingPods = false
    }

    /// Decodes the args, defaulting absent fields.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        hardPodAffinityWeight = try container.decodeIfPresent(Int.self, forKey: .hardPodAffinityWeight) ?? 1
        ignorePreferredTermsOfExistingPods = try container.decodeIfPresent(Bool.self, forKey: .ignorePreferredTermsOfExistingPods) ?? false
    }

    /// Decodes `data` (nil: the defaults) and validates it as kube-scheduler does.
    static func decode(_ data: Data?) throws -> InterPodAffinityArgs {
        guard let args = try PluginArgs.decode(InterPodAffinityArgs.self, from: data, kind: kind) else { return InterPodAffinityArgs() }
        guard (0...100).contains(args.hardPodAffinityWeight) else {
            throw PluginError.invalidArgument("\(kind): hardPodAffinityWeight: Invalid value: \(args.hardPodAffinityWeight): not in valid range [0, 100]")
        }
        return args
    }
}
