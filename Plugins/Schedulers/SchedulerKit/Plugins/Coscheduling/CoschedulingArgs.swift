import Foundation
import PluginSDK

/// CoschedulingArgs (the scheduler-plugins project's args of Coscheduling).
struct CoschedulingArgs: Decodable, Equatable {
    /// How long a gang member waits at Permit for its siblings (seconds, default 60).
    var permitWaitingTimeSeconds: Int
    /// How long PreFilter turns a gang away after one of its members was unreserved (seconds;
    /// upstream's podGroupBackoffSeconds / deniedPGExpiration window). Default 3; 0 disables.
    var podGroupBackoffSeconds: Int

    /// The kind name errors start with.
    static let kind = "CoschedulingArgs"

    /// The JSON fields.
    private enum CodingKeys: String, CodingKey { case permitWaitingTimeSeconds, podGroupBackoffSeconds }

    /// The defaults.
    init(permitWaitingTimeSeconds: Int = 60, podGroupBackoffSeconds: Int = 3) {
        self.permitWaitingTimeSeconds = permitWaitingTimeSeconds
        self.podGroupBackoffSeconds = podGroupBackoffSeconds
    }

    /// Decodes the args, defaulting absent fields.
    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        permitWaitingTimeSeconds = try container.decodeIfPresent(Int.self, forKey: .permitWaitingTimeSeconds) ?? 60
        podGroupBackoffSeconds = try container.decodeIfPresent(Int.self, forKey: .podGroupBackoffSeconds) ?? 3
    }

    /// Decodes `data` (nil: the defaults) and validates it (neither may be negative).
    static func decode(_ data: Data?) throws -> CoschedulingArgs {
        guard let args = try PluginArgs.decode(CoschedulingArgs.self, from: data, kind: kind) else { return CoschedulingArgs() }
        if args.permitWaitingTimeSeconds < 0 {
            throw PluginArgs.invalid(kind, "permitWaitingTimeSeconds", "\(args.permitWaitingTimeSeconds)", "must be greater than or equal to 0")
        }
        if args.podGroupBackoffSeconds < 0 {
            throw PluginArgs.invalid(kind, "podGroupBackoffSeconds", "\(args.podGroupBackoffSeconds)", "must be greater than or equal to 0")
        }
        return args
    }
}
