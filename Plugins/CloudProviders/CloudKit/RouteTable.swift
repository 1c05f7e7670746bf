import PluginSDK

/// A simulated cloud's routes, kept in memory per cluster name (nothing is programmed: every
/// pod address is on loopback already). Not thread-safe: the host serializes calls.
public final class RouteTable {
    /// An empty table.
    public init() {}

    private var routes: [String: [String: CloudRoute]] = [:]

    /// The cluster's routes, by name.
    public func list(cluster: String) -> [CloudRoute] {
        (routes[cluster] ?? [:]).values.sorted { $0.name < $1.name }
    }

    /// Adds a route named `route.name`, or `nameHint` when that is empty. Creating the same route
    /// again succeeds; another route under that name or for that CIDR is ALREADY_EXISTS.
    public func create(cluster: String, nameHint: String, route: CloudRoute) throws {
        var route = route
        if route.name.isEmpty { route.name = nameHint }
        guard !route.name.isEmpty else { throw PluginError.invalidArgument("route: no name and no name hint") }
        guard !route.targetNode.isEmpty else { throw PluginError.invalidArgument("route \(route.name): missing targetNode") }
        guard Self.isCIDR(route.destinationCIDR) else {
            throw PluginError.invalidArgument("route \(route.name): destinationCIDR \"\(route.destinationCIDR)\" is not a CIDR")
        }
        var table = routes[cluster] ?? [:]
        if let existing = table[route.name] {
            if existing == route { return }
            throw PluginError.alreadyExists("route \(route.name) exists with another target")
        }
        if let clash = table.values.first(where: { $0.destinationCIDR == route.destinationCIDR }) {
            throw PluginError.alreadyExists("route \(clash.name) already sends \(route.destinationCIDR) to \(clash.targetNode)")
        }
        table[route.name] = route
        routes[cluster] = table
    }

    /// Removes the route with `route.name` (or, without a name, the one for its CIDR and node);
    /// succeeds when it is already gone.
    public func delete(cluster: String, route: CloudRoute) {
        guard var table = routes[cluster] else { return }
        if !route.name.isEmpty {
            table[route.name] = nil
        } else {
            table = table.filter { $0.value.destinationCIDR != route.destinationCIDR || $0.value.targetNode != route.targetNode }
        }
        routes[cluster] = table.isEmpty ? nil : table
    }

    private static func isCIDR(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = Int(parts[1]) else { return false }
        if IPv4Range.parse(String(parts[0])) != nil { return (0...32).contains(prefix) }
        return parts[0].contains(":") && (0...128).contains(prefix)
    }
}
