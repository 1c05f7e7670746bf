import Kernel
import Logging

/// The API every component writes through: the Kernel's `ObjectClient` over the `Store`, with
/// Kubernetes' admission (defaults, validation, cluster IP allocation) for every served kind.
/// The HTTP server is a thin layer over it, so an in-process write and a `kubectl` write get the
/// same treatment. Every method throws `APIError`.
public final class ClusterAPI: ObjectClient, Sendable {
    /// The namespaces Kubernetes creates at startup (see `bootstrap()`).
    public static let systemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"]

    /// The store behind the API.
    public let store: Store
    /// The range Service cluster IPs come from, "127.96.0.0/16".
    public let serviceCIDR: String
    let ipAllocator: ServiceIPAllocator
    let nodePortAllocator = NodePortAllocator()
    let logger: Logger
    /// How often idle watches that allow bookmarks get a BOOKMARK event.
    public let watchBookmarks = WatchBookmarkSettings()
    /// How long new pods tolerate not-ready and unreachable nodes.
    public let defaultTolerationSeconds: DefaultTolerationSeconds

    /// Opens the API over `store`. Cluster IPs already held by stored Services are marked as
    /// allocated, so allocations survive restarts. Throws when `serviceCIDR` is not an IPv4 CIDR
    /// of at least a /29. New pods tolerate not-ready and unreachable nodes for
    /// `defaultTolerationSeconds`.
    public init(store: Store, serviceCIDR: String = "127.96.0.0/16",
                defaultTolerationSeconds: DefaultTolerationSeconds = DefaultTolerationSeconds()) throws {
        let cidr: IPv4CIDR
        do {
            cidr = try IPv4CIDR(parsing: serviceCIDR)
        } catch {
            throw APIError.badRequest("invalid service CIDR \"\(serviceCIDR)\": \(error)")
        }
        self.store = store
        self.serviceCIDR = cidr.description
        self.defaultTolerationSeconds = defaultTolerationSeconds
        self.ipAllocator = try ServiceIPAllocator(cidr: cidr)
        self.logger = Logger(label: "keelson.apiserver")
        let services = try Self.mapStoreErrors(.services, "") {
            try store.list(resource: ResourceType.services.storageName, namespace: nil).items
        }
        for service in services {
            for address in Self.clusterIPs(of: service.object) { ipAllocator.restore(address) }
            for port in Self.nodePorts(of: service.object) { nodePortAllocator.restore(port) }
        }
        logger.debug("service cluster IPs restored", metadata: ["services": "\(services.count)", "cidr": "\(cidr)"])
    }

    /// Creates the system namespaces (default, kube-system, kube-public, kube-node-lease) and the
    /// system priority classes that do not exist yet. Idempotent; call once at startup.
    public func bootstrap() throws {
        for name in Self.systemNamespaces { try ensureNamespace(name) }
        try ensureSystemPriorityClasses()
    }

    /// Creates namespace `name` unless it exists.
    func ensureNamespace(_ name: String) throws {
        let key = StoreKey(.namespaces, namespace: "", name: name)
        if try Self.mapStoreErrors(.namespaces, name, { try store.get(key) }) != nil { return }
        do {
            _ = try createObject(.namespaces, namespace: "", object: ["metadata": ["name": .string(name)]])
        } catch let error as APIError where error.reason == "AlreadyExists" {
            return
        }
    }

    /// The key of an object; the namespace is dropped for cluster-scoped kinds.
    func key(_ type: ResourceType, _ namespace: String, _ name: String) -> StoreKey {
        StoreKey(type, namespace: namespace, name: name)
    }

    /// The cluster IPs a stored Service holds (not "None", not empty).
    static func clusterIPs(of service: JSONValue) -> [String] {
        var addresses = (service[path: "spec", "clusterIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let single = service[path: "spec", "clusterIP"]?.stringValue, !addresses.contains(single) {
            addresses.append(single)
        }
        return addresses.filter { !$0.isEmpty && $0 != "None" }
    }
}
