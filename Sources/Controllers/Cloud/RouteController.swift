import Foundation
import Kernel
import Logging

/// The route controller of Kubernetes' cloud controller manager, for clouds with Routes: every
/// `period`, and soon after Nodes change, it makes the cloud's routes match the nodes' pod
/// CIDRs. A node with a pod CIDR gets a route to it (named by the cloud from the node's uid),
/// routes inside the cluster's pod CIDR that no node wants any more are deleted, and each node's
/// `NetworkUnavailable` condition says whether all its routes exist (False, RouteCreated) or not
/// (True, NoRouteCreated). A failed creation is a `FailedToCreateRoute` Warning Event.
public final class RouteController: Sendable {
    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The cloud provider plugin (Routes).
    public let cloud: CloudPluginClient
    /// The cluster name passed to the cloud.
    public let clusterName: String
    /// The cluster's pod CIDR: only routes inside it are this controller's.
    public let clusterCIDR: IPv4CIDR
    /// How often routes are reconciled without a change (Kubernetes: 10 s).
    public let period: Duration

    let nodes: Informer
    private let logger: Logger
    private let events: EventRecorder
    private let changes: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    /// Creates the controller over a shared Node informer.
    public init(informers: InformerFactory, cloud: CloudPluginClient, clusterName: String, clusterCIDR: IPv4CIDR,
                period: Duration = .seconds(10), logger: Logger) {
        client = informers.client
        self.cloud = cloud
        self.clusterName = clusterName
        self.clusterCIDR = clusterCIDR
        self.period = period
        self.logger = logger
        nodes = informers.informer(for: .nodes)
        events = EventRecorder(client: informers.client, component: "route-controller", logger: logger)
        (changes, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let signal = self.signal
        nodes.addHandler { event in
            if case .updated(let old, let new) = event, Self.podCIDRs(of: old) == Self.podCIDRs(of: new) { return }
            signal.yield()
        }
    }

    /// Reconciles until the calling task is cancelled. Does nothing when the cloud has no Routes.
    public func run() async {
        guard cloud.supportsRoutes else { return }
        await nodes.waitUntilSynced()
        let signal = self.signal
        let ticker = Task {
            while !Task.isCancelled {
                signal.yield()
                try? await Task.sleep(for: period)
            }
        }
        await withTaskCancellationHandler {
            for await _ in changes {
                if Task.isCancelled { break }
                do {
                    try await reconcile()
                } catch {
                    logger.warning("route reconciliation failed; retried next period", metadata: ["error": "\(error)"])
                }
            }
        } onCancel: {
            signal.finish()
        }
        ticker.cancel()
    }

    /// One pass: create missing routes, delete stale ones, set the nodes' conditions.
    func reconcile() async throws {
        let routes = try await cloud.listRoutes(clusterName: clusterName)
        let existing = Set(routes.map { Self.pair($0) })
        let all = nodes.list()
        var wanted = Set<String>()
        for node in all {
            guard let name = node.name else { continue }
            let cidrs = Self.podCIDRs(of: node).filter { clusterCIDR.contains(cidr: $0) }
            var routed = true
            for cidr in cidrs {
                wanted.insert("\(name) \(cidr)")
                guard !existing.contains("\(name) \(cidr)") else { continue }
                let route: JSONValue = ["name": "", "targetNode": .string(name), "destinationCIDR": .string(cidr)]
                do {
                    try await cloud.createRoute(clusterName: clusterName, nameHint: node.uid ?? name, route: route)
                    logger.info("created route", metadata: ["node": "\(name)", "cidr": "\(cidr)"])
                } catch {
                    routed = false
                    await events.record(node, type: .nodes, eventType: "Warning", reason: "FailedToCreateRoute",
                                        message: "Could not create route for node \(name) with CIDR \(cidr): \(error)")
                }
            }
            if !cidrs.isEmpty { try? await setNetworkCondition(node, routed: routed) }
        }
        for route in routes {
            let cidr = route["destinationCIDR"]?.stringValue ?? ""
            guard clusterCIDR.contains(cidr: cidr), !wanted.contains(Self.pair(route)) else { continue }
            do {
                try await cloud.deleteRoute(clusterName: clusterName, route: route)
                logger.info("deleted route", metadata: ["route": "\(route["name"]?.stringValue ?? "")", "cidr": "\(cidr)"])
            } catch {
                logger.warning("could not delete route", metadata: ["route": "\(route["name"]?.stringValue ?? "")", "error": "\(error)"])
            }
        }
    }

    /// Sets `NetworkUnavailable` as Kubernetes' route controller does, keeping the transition
    /// time when the status does not change.
    private func setNetworkCondition(_ node: JSONValue, routed: Bool) async throws {
        let status = routed ? "False" : "True"
        let reason = routed ? "RouteCreated" : "NoRouteCreated"
        let message = routed ? "RouteController created a route" : "RouteController failed to create a route"
        try await ConflictRetry.updateStatus(client, .nodes, node) { node in
            var conditions = node[path: "status", "conditions"]?.arrayValue ?? []
            StatusConditions.set(&conditions, type: "NetworkUnavailable", status: status, reason: reason, message: message,
                                 now: KubeTime.now(), withUpdateTime: false)
            node[path: "status", "conditions"] = .array(conditions)
        }
    }

    private static func pair(_ route: JSONValue) -> String {
        "\(route["targetNode"]?.stringValue ?? "") \(route["destinationCIDR"]?.stringValue ?? "")"
    }

    /// The node's pod CIDRs (`spec.podCIDRs`, else `spec.podCIDR`).
    static func podCIDRs(of node: JSONValue) -> [String] {
        let many = (node[path: "spec", "podCIDRs"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !many.isEmpty { return many }
        return node[path: "spec", "podCIDR"]?.stringValue.map { [$0] } ?? []
    }
}

extension IPv4CIDR {
    /// Whether the CIDR written as `text` lies inside this one (false when it is not IPv4).
    func contains(cidr text: String) -> Bool {
        guard let other = try? IPv4CIDR(parsing: text) else { return false }
        return contains(other)
    }
}
