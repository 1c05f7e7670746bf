import CloudKit
import Foundation
import PluginSDK

/// The local cloud's load balancers on the wire, like k3s's ServiceLB: for each Service, one
/// TCP listener per port on its ingress address, forwarding to that port's node port on the
/// nodes behind the load balancer (their InternalIP; 127.0.0.1 for a node without one). UDP
/// and SCTP ports are not forwarded (logged once per Service port). Touched only from plugin
/// calls, which the host serializes.
final class LoadBalancerListeners {
    private let host: KeelsonHost
    /// The listeners, by Service key.
    private var byService: [String: [TCPForwarder]] = [:]
    private var reported: Set<String> = []

    init(host: KeelsonHost) {
        self.host = host
    }

    /// Makes the Service's listeners match its ports and the nodes: new ports are bound (a port
    /// that cannot be bound fails the call with UNAVAILABLE, so it is retried), kept ones get
    /// the new node set, and ports the Service no longer has are closed.
    func serve(_ service: Service, address: String, nodes: [Node]) throws {
        let nodeAddresses = nodes.map { $0.address("InternalIP") ?? "127.0.0.1" }
        var kept: [TCPForwarder] = []
        var current = byService[service.key] ?? []
        // On a failure, the ports handled so far and the old ones not reached yet stay.
        defer { byService[service.key] = kept + current }
        for port in service.ports {
            let proto = port.protocol ?? "TCP"
            guard proto == "TCP" else {
                report("\(service.key)/\(port.port)/\(proto)", "load balancer of \(service.displayName): \(proto) port \(port.port) is not forwarded (TCP only)")
                continue
            }
            guard let nodePort = port.nodePort, nodePort > 0 else {
                throw PluginError.failedPrecondition(
                    "service \(service.displayName) port \(port.port) has no node port; the local load balancer forwards to node ports, so keep allocateLoadBalancerNodePorts true")
            }
            let forwarder: TCPForwarder
            if let index = current.firstIndex(where: { $0.address == address && $0.port == port.port }) {
                forwarder = current.remove(at: index)
            } else {
                forwarder = try TCPForwarder(address: address, port: port.port)
            }
            forwarder.setTargets(nodeAddresses.map { TCPForwarder.Target(address: $0, port: nodePort) })
            kept.append(forwarder)
        }
        for stale in current { stale.stop() }
        current = []
    }

    /// Closes the Service's listeners.
    func stop(_ key: String) {
        byService.removeValue(forKey: key)?.forEach { $0.stop() }
    }

    /// Closes every listener.
    func stopAll() {
        for key in Array(byService.keys) { stop(key) }
    }

    private func report(_ id: String, _ message: String) {
        if reported.insert(id).inserted { host.log(.warning, message) }
    }
}
