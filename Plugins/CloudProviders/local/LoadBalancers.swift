import Foundation
import PluginSDK

/// Load balancers of the local provider: one ingress address per Service from a loopback pool,
/// stable per Service uid and released on delete. (Listeners that forward traffic to the
/// Service come later; today the address is allocated and reported only.)
/// Not thread-safe: the host serializes calls into an instance.
final class LocalLoadBalancers {
    private let pool: AddressPool
    /// Node names behind each load balancer, by Service key.
    private var backends: [String: [String]] = [:]

    init(range: IPv4Range) {
        pool = AddressPool(range: range)
    }

    /// The Service's status, nil when it has no load balancer.
    func get(_ service: Service) -> LoadBalancerStatus? {
        pool.address(of: service.key).map(Self.status)
    }

    /// Kubernetes' default load balancer name: "a" followed by the Service uid without dashes,
    /// at most 32 characters.
    func name(_ service: Service) -> String {
        let uid = (service.metadata?.uid ?? service.key).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: "/", with: "")
        return String(("a" + uid).prefix(32))
    }

    /// Allocates (or keeps) the Service's address, preferring the one in its status.
    func ensure(_ service: Service, nodes: [Node]) throws -> LoadBalancerStatus {
        let current = service.status?.loadBalancer?.ingress?.compactMap(\.ip).first
        let address = try pool.acquire(service.key, preferred: current)
        backends[service.key] = nodes.map(\.name)
        return Self.status(address)
    }

    /// Records the new node set; NOT_FOUND when the Service has no load balancer.
    func update(_ service: Service, nodes: [Node]) throws {
        guard pool.address(of: service.key) != nil else {
            throw PluginError.notFound("service \(service.displayName) has no load balancer")
        }
        backends[service.key] = nodes.map(\.name)
    }

    /// Releases the Service's address; succeeds when there is none.
    func delete(_ service: Service) {
        pool.release(service.key)
        backends[service.key] = nil
    }

    /// The nodes behind a Service's load balancer.
    func nodes(of service: Service) -> [String] { backends[service.key] ?? [] }

    private static func status(_ address: String) -> LoadBalancerStatus {
        LoadBalancerStatus(ingress: [LoadBalancerIngress(ip: address, ipMode: "VIP")])
    }
}
