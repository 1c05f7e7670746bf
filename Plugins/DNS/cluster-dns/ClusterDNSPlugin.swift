import Foundation
import PluginABI
import PluginSDK
import Synchronization

/// The cluster DNS add-on instance: on `start` it watches Services and EndpointSlices through the
/// host, keeps the zone's records from their events and serves them over UDP and TCP on the
/// same address, each on its own threads, until `stop` (or `shutdown`); names outside the zone
/// go to the configured upstream.
final class ClusterDNSPlugin: DNSPlugin {
    private let host: KeelsonHost
    private let config: ClusterDNSConfig
    private let records: ClusterRecords
    private let serving = Mutex<Serving?>(nil)

    /// What runs between `start` and `stop`.
    private struct Serving {
        let server: UDPServer
        let tcp: TCPServer
        let info: Data
        var servicesWatch: UInt64?
        var endpointSlicesWatch: UInt64?
        var podsWatch: UInt64?
    }

    /// The watched resources, as the host names them (`ResourceType.storageName`).
    private enum Resource: String {
        case services
        case endpointSlices = "endpointslices.discovery.k8s.io"
        case pods
    }

    init(host: KeelsonHost, config: Data) throws {
        self.host = host
        self.config = try ClusterDNSConfig(json: config)
        guard let zone = DNSName(self.config.zone) else {
            throw PluginError.invalidArgument("config.zone: \"\(self.config.zone)\" is not a DNS name")
        }
        records = ClusterRecords(zone: zone, ttl: self.config.ttl, nameserver: IPAddress(self.config.host), pods: self.config.pods)
    }

    func start() throws -> Data {
        if let running = serving.withLock({ $0?.info }) { return running }
        let (server, tcp) = try bindListeners()
        let info = try PluginJSON.encode(Info(
            listen: [.init(protocol: "udp", address: server.address), .init(protocol: "tcp", address: tcp.address)],
            zone: config.zone
        ))
        // Start over from the host's current state: the new watches replay every object as ADDED.
        records.removeAll()
        records.pods.removeAll()
        serving.withLock { $0 = Serving(server: server, tcp: tcp, info: info) }
        do {
            let services = try host.watch(Resource.services.rawValue)
            serving.withLock { $0?.servicesWatch = services }
            let slices = try host.watch(Resource.endpointSlices.rawValue)
            serving.withLock { $0?.endpointSlicesWatch = slices }
            // Only `verified` pod records need to know the pods.
            if config.pods == .verified {
                let pods = try host.watch(Resource.pods.rawValue)
                serving.withLock { $0?.podsWatch = pods }
            }
        } catch {
            try? stop()
            throw error
        }
        var responder = DNSResponder(records: records)
        if let upstream = config.upstream {
            responder.forwarder = DNSForwarder(host: upstream.host, port: upstream.port, timeout: config.upstreamTimeout)
        }
        let answering = responder
        server.start { answering.reply(to: $0, over: .udp) }
        tcp.start { answering.respond(to: $0, over: .tcp) }
        host.log(.info, "cluster-dns serving zone \(config.zone) on udp and tcp \(server.address)")
        return info
    }

    /// Binds the UDP socket and a TCP listener on the same port. With port 0 the system picks
    /// the UDP port, which may be taken for TCP: then it tries again with another one.
    private func bindListeners() throws -> (UDPServer, TCPServer) {
        var attempt = 0
        while true {
            attempt += 1
            let udp = try UDPServer(host: config.host, port: config.port)
            do {
                return (udp, try TCPServer(host: config.host, port: udp.port))
            } catch {
                udp.stop()
                if config.port != 0 || attempt >= 8 { throw error }
            }
        }
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
        case .endpointSlices:
            let change = try PluginJSON.decode(WatchEventView<EndpointSliceView>.self, from: event, what: "endpointslice watch event")
            records.apply(change.type, slice: change.object)
        case .pods:
            let change = try PluginJSON.decode(WatchEventView<PodView>.self, from: event, what: "pod watch event")
            records.pods.apply(change.type, pod: change.object)
        }
    }

    /// Which watch an event belongs to: by its ID, or by the object's kind when the event
    /// arrives before `start` has recorded the ID.
    private func resource(of id: UInt64, event: Data) throws -> Resource {
        let known = serving.withLock { state -> Resource? in
            if state?.servicesWatch == id { return .services }
            if state?.endpointSlicesWatch == id { return .endpointSlices }
            if state?.podsWatch == id { return .pods }
            return nil
        }
        if let known { return known }
        let kind = try? PluginJSON.decode(WatchEventView<KindView>.self, from: event).object.kind
        switch kind {
        case "Service": return .services
        case "EndpointSlice": return .endpointSlices
        case "Pod": return .pods
        default: throw PluginError.invalidArgument("event of unknown watch \(id) with object kind \(kind ?? "none")")
        }
    }

    private func stopServing(cancelWatches: Bool) {
        guard let running = serving.withLock({ state -> Serving? in
            defer { state = nil }
            return state
        }) else { return }
        if cancelWatches {
            for id in [running.servicesWatch, running.endpointSlicesWatch, running.podsWatch].compactMap({ $0 }) {
                try? host.cancelWatch(id)
            }
        }
        running.server.stop()
        running.tcp.stop()
        host.log(.info, "cluster-dns stopped serving on udp and tcp \(running.server.address)")
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
        description: "Cluster DNS add-on: serves the Kubernetes DNS specification for Services and EndpointSlices over UDP and TCP on loopback, forwarding other names to an upstream",
        configSchema: ClusterDNSConfig.schema,
        interface: DNSPluginTable.pointer
    )
}
