import Foundation
import PluginABI

/// Drives a cluster DNS add-on instance (`keelson_dns_v1`): start it serving, stop it.
/// The add-on learns Services and Endpoints itself through the watches of its host table.
public struct DNSPluginClient: Sendable {
    /// The plugin instance called.
    public let instance: PluginInstance

    /// Wraps an instance of a DNS-kind plugin.
    public init(_ instance: PluginInstance) {
        self.instance = instance
    }

    /// Starts serving and returns the add-on's info,
    /// `{"listen":[{"protocol":"udp","address":"127.0.0.1:10053"}],"zone":"cluster.local"}`.
    /// Throws `PluginCallError` when the plugin refuses (address in use, bad config) and
    /// `JSONValue.ParseError` when its info is not JSON.
    public func start() async throws -> JSONValue {
        let start = table.start
        let info = try await instance.call("start") { pointer, sink in
            guard let start else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return start(pointer, sink)
        }
        return try JSONValue(parsing: info)
    }

    /// Stops serving and closes the add-on's sockets; calling it again is harmless.
    public func stop() async throws {
        let stop = table.stop
        _ = try await instance.call("stop") { pointer, _ in
            guard let stop else { return Int32(KEELSON_ERR_UNSUPPORTED) }
            return stop(pointer)
        }
    }

    /// The first UDP listen address in a `start` info, "127.0.0.1:10053".
    public static func udpAddress(in info: JSONValue) -> String? {
        info["listen"]?.arrayValue?
            .first { $0["protocol"]?.stringValue?.lowercased() == "udp" }?["address"]?.stringValue
    }

    /// The plugin's `keelson_dns_v1` table.
    private var table: keelson_dns_v1 {
        instance.plugin.table(keelson_dns_v1.self)
    }
}
