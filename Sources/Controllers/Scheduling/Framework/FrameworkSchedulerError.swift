/// Why a `FrameworkScheduler` cannot start.
public enum FrameworkSchedulerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A profile names a plugin no scheduler bundle offers.
    case unknownPlugin(profile: String, plugin: String, offered: [String])
    /// A bundle refused to create a plugin.
    case pluginCreationFailed(profile: String, plugin: String, message: String)

    /// The message, naming the profile and the plugin.
    public var description: String {
        switch self {
        case .unknownPlugin(let profile, let plugin, let offered):
            "profile \(profile): plugin \"\(plugin)\" is not offered by any loaded scheduler bundle (offered: \(offered.joined(separator: ", ")))"
        case .pluginCreationFailed(let profile, let plugin, let message):
            "profile \(profile): creating plugin \"\(plugin)\" failed: \(message)"
        }
    }
}
