import Foundation
import PluginABI
import PluginSDK
import Synchronization

/// The cluster DNS add-on instance: on `start` it watches Services and Endpoints through the
/// host, keeps the zone's records from their events and serves them over UDP on its own
/// thread until `stop` (or `shutdown`).
final class ClusterDNSPlugin: DNSPlugin {
    private let host: KeelsonHost
    private let config: ClusterDNSConfig
    private let records: ClusterRecords
    private let serving = Mutex<Serving?>(nil)

    /// What runs between `start` and `stop`.
    private struct Serving {
        let server: UDPServer
        let info: Data
        var servicesWatch: UInt64?
        var endpointsWatch: UInt64?
    }

    /// The watched resources, as the host names them.
    private enum Resource: String {
        case services, endpoints
    }

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        self.config = try ClusterDNSConfig(json: config)
        guard let zone = DNSName(self.config.zone) else {
            throw PluginError.invalidArgument("config.zone: \"\(self.config.zone)\" is not a DNS name")
        }
        records = ClusterRecords(zone: zone, ttl: self.config.ttl, nameserver: IPAddress(self.config.host))
    }

    func start() throws -> Data {
        if let running = serving.withLock({ $0?.info }) { return running }
        let server = try UDPServer(host: config.host, port: config.port)
        let info = try PluginJSON.encode(Info(
            listen: [.init(protocol: "udp", address: server.address)], zone: config.zone
        ))
        // Start over from the host's current state: the new watches replay every object as ADDED.
        records.removeAll()
        serving.withLock { $0 = Serving(server: server, info: info) }
        do {
            let services = try host.watch(Resource.services.rawValue)
            serving.withLock { $0?.servicesWatch = services }
            let endpoints = try host.watch(Resource.endpoints.rawValue)
            serving.withLock { $0?.endpointsWatch = endpoints }
        } catch {
            try? stop()
            throw error
        }
        let responder = DNSResponder(records: records)
        server.start { responder.respond(to: $0) }
        host.log(.info, "cluster-dns serving zone \(config.zone) on udp \(server.address)")
        return info
    }

    func stop() throws {
        stopServing(cancelWatches: true)
    }

    func shutdown() {
        // The host has already cancelled this instance's watches before releasing it.
        stopServing(cancelWatches: false)
    }

    func watchEvent(id: UInt64, event: Data) throws {
        switch try resource(of: id, event: event) {
        case .services:
            let change = try PluginJSON.decode(WatchEventView<ServiceView>.self, from: event, what: "service watch event")
            records.apply(change.type, service: change.object)
        case .endpoints:
            let change = try PluginJSON.decode(WatchEventView<EndpointsView>.self, from: event, what: "endpoints watch event")
            records.apply(change.type, endpoints: change.object)
        }
    }

    /// Which watch an event belongs to: by its ID, or by the object's kind when the event
    /// arrives before `start` has recorded the ID.
    private func resource(of id: UInt64, event: Data) throws -> Resource {
        let known = serving.withLock { state -> Resource? in
            if state?.servicesWatch == id { return .services }
            if state?.endpointsWatch == id { return .endpoints }
            return nil
        }
        if let known { return known }
        let kind = try? PluginJSON.decode(WatchEventView<KindView>.self, from: event).object.kind
        switch kind {
        case "Service": return .services
        case "Endpoints": return .endpoints
        default: throw PluginError.invalidArgument("event of unknown watch \(id) with object kind \(kind ?? "none")")
        }
    }

    private func stopServing(cancelWatches: Bool) {
        guard let running = serving.withLock({ state -> Serving? in
            defer { state = nil }
            return state
        }) else { return }
        if cancelWatches {
            for id in [running.servicesWatch, running.endpointsWatch].compactMap({ $0 }) {
                try? host.cancelWatch(id)
            }
        }
        running.server.stop()
        host.log(.info, "cluster-dns stopped serving on udp \(running.server.address)")
    }

    /// The info JSON `start` returns.
    private struct Info: Encodable {
        struct Listener: Encodable {
            let `protocol`: String
            let address: String
        }

        let listen: [Listener]
        let zone: String
    }
}

/// The library's one exported symbol: the descriptor of the cluster-dns add-on.
@_cdecl("keelson_plugin_entry")
public func keelsonPluginEntry(_ major: UInt16, _ minor: UInt16) -> UnsafeRawPointer? {
    PluginEntry.descriptor(
        hostMajor: major,
        for: ClusterDNSPlugin.self,
        name: "cluster-dns",
        version: "0.1.0",
        kind: Int32(KEELSON_KIND_DNS),
        interfaceMajor: Int32(KEELSON_DNS_INTERFACE_MAJOR),
        interfaceMinor: Int32(KEELSON_DNS_INTERFACE_MINOR),
        description: "Cluster DNS add-on: serves the Kubernetes DNS specification for Services and Endpoints over UDP on loopback",
        configSchema: ClusterDNSConfig.schema,
        interface: DNSPluginTable.pointer
    )
}
