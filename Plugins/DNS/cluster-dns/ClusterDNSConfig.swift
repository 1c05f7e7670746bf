import Foundation
import PluginSDK

/// The add-on's `config` object: where to listen, which zone to serve, the TTL of answers.
struct ClusterDNSConfig: Sendable, Equatable {
    /// The IPv4 loopback address to bind.
    var host: String
    /// The UDP and TCP port; 0 lets the system pick one (start reports it).
    var port: UInt16
    /// The cluster domain, lowercased, without a trailing dot.
    var zone: String
    /// TTL of every answer, in seconds.
    var ttl: UInt32
    /// The resolver that names outside the zone are forwarded to, as (address, port); nil
    /// answers them REFUSED.
    var upstream: (host: String, port: UInt16)?
    /// How long a forwarded query may take before the client gets SERVFAIL.
    var upstreamTimeout: Duration
    /// Which pod records are served.
    var pods: PodRecords.Mode

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.host == rhs.host && lhs.port == rhs.port && lhs.zone == rhs.zone && lhs.ttl == rhs.ttl
            && lhs.upstream?.host == rhs.upstream?.host && lhs.upstream?.port == rhs.upstream?.port
            && lhs.upstreamTimeout == rhs.upstreamTimeout && lhs.pods == rhs.pods
    }

    static let defaultListen = "127.0.0.1:10053"
    static let defaultZone = "cluster.local"
    static let defaultTTL: UInt32 = 5
    static let defaultUpstreamTimeoutMillis: Int64 = 2000

    /// The JSON Schema published in the descriptor (the host validates configs against it).
    static let schema = #"""
    {"$schema":"https://json-schema.org/draft/2020-12/schema","title":"cluster-dns config","type":"object","additionalProperties":false,"properties":{"listen":{"type":"string","description":"address to serve on over UDP and TCP: an IPv4 loopback address (127.0.0.0/8) and a port, 0 for any free port","pattern":"^127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}:[0-9]{1,5}$","default":"127.0.0.1:10053"},"zone":{"type":"string","description":"the cluster domain served","pattern":"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$","default":"cluster.local"},"ttl":{"type":"integer","description":"TTL of every answer in seconds","minimum":0,"maximum":2147483647,"default":5},"upstream":{"type":"string","description":"resolver for names outside the zone: an IPv4 loopback address (127.0.0.0/8) and a port; without it such names are REFUSED","pattern":"^127\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}:[0-9]{1,5}$"},"upstreamTimeoutMillis":{"type":"integer","description":"how long a forwarded query may take before the client gets SERVFAIL, in milliseconds","minimum":1,"maximum":60000,"default":2000},"pods":{"type":"string","description":"pod records a-b-c-d.<ns>.pod.<zone>: disabled, insecure (any address) or verified (only addresses of pods in that namespace)","enum":["disabled","insecure","verified"],"default":"disabled"}}}
    """#

    private struct Raw: Decodable {
        let listen: String?
        let zone: String?
        let ttl: Int64?
        let upstream: String?
        let upstreamTimeoutMillis: Int64?
        let pods: String?
    }

    /// Reads the config JSON (empty bytes mean `{}`), applying defaults and checking every value
    /// again so that a host without schema validation cannot start a bad server.
    init(json: Data) throws {
        let raw = json.isEmpty ? Raw(listen: nil, zone: nil, ttl: nil, upstream: nil, upstreamTimeoutMillis: nil, pods: nil)
            : try PluginJSON.decode(Raw.self, from: json, what: "cluster-dns config")
        (host, port) = try Self.parseListen(raw.listen ?? Self.defaultListen)
        zone = try Self.parseZone(raw.zone ?? Self.defaultZone)
        let ttl = raw.ttl ?? Int64(Self.defaultTTL)
        guard (0...Int64(Int32.max)).contains(ttl) else {
            throw PluginError.invalidArgument("config.ttl: \(ttl) is not between 0 and 2147483647 seconds")
        }
        self.ttl = UInt32(ttl)
        if let upstream = raw.upstream {
            let (upstreamHost, upstreamPort) = try Self.parseListen(upstream, key: "config.upstream")
            guard upstreamPort != 0 else {
                throw PluginError.invalidArgument("config.upstream: port 0 is not a resolver's port")
            }
            self.upstream = (upstreamHost, upstreamPort)
        } else {
            self.upstream = nil
        }
        let timeout = raw.upstreamTimeoutMillis ?? Self.defaultUpstreamTimeoutMillis
        guard (1...60_000).contains(timeout) else {
            throw PluginError.invalidArgument("config.upstreamTimeoutMillis: \(timeout) is not between 1 and 60000 milliseconds")
        }
        upstreamTimeout = .milliseconds(timeout)
        guard let pods = PodRecords.Mode(rawValue: raw.pods ?? PodRecords.Mode.disabled.rawValue) else {
            throw PluginError.invalidArgument("config.pods: \"\(raw.pods ?? "")\" is not one of disabled, insecure, verified")
        }
        self.pods = pods
    }

    /// Splits "127.0.0.1:10053" and checks that the address is an IPv4 loopback literal.
    static func parseListen(_ listen: String, key: String = "config.listen") throws -> (String, UInt16) {
        guard let colon = listen.lastIndex(of: ":"),
              let port = UInt16(listen[listen.index(after: colon)...])
        else {
            throw PluginError.invalidArgument("\(key): \"\(listen)\" is not ADDRESS:PORT, e.g. 127.0.0.1:10053")
        }
        let host = String(listen[..<colon])
        guard let address = IPAddress(host), address.isV4, address.bytes[0] == 127 else {
            throw PluginError.invalidArgument("\(key): \"\(host)\" is not an IPv4 loopback address (127.0.0.0/8)")
        }
        return (host, port)
    }

    /// Lowercases the zone, drops a trailing dot and checks it is a valid DNS name.
    static func parseZone(_ zone: String) throws -> String {
        var text = zone.lowercased()
        if text.hasSuffix(".") { text.removeLast() }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, labels.allSatisfy(ServiceRecords.isDNSLabel), DNSName(text) != nil else {
            throw PluginError.invalidArgument("config.zone: \"\(zone)\" is not a DNS name like cluster.local")
        }
        return text
    }
}
