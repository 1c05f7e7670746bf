import Kernel

/// Computes the contents of a Service's EndpointSlices from its pods, as Kubernetes'
/// EndpointSlice controller does: every pod with an IPv4 address that is not in a terminal
/// phase is an endpoint (terminating pods included, marked `terminating`), with
/// `conditions.serving` = Ready (or `publishNotReadyAddresses`), `conditions.ready` = serving
/// and not terminating (always true with `publishNotReadyAddresses`), `targetRef`, `nodeName`,
/// `zone` from the node's `topology.kubernetes.io/zone` label and the hostname of a pod whose
/// subdomain is the Service. Endpoints whose ports resolve alike share slices of at most
/// `maxEndpointsPerSlice`; everything is sorted so equal inputs give equal slices.
public enum EndpointSliceBuilder {
    /// The most endpoints one managed slice holds (the controller's default).
    public static let maxEndpointsPerSlice = 100
    /// The node label naming the node's zone.
    public static let zoneLabel = "topology.kubernetes.io/zone"

    /// The contents of one slice: its `ports` and `endpoints`.
    public struct Content: Sendable, Hashable {
        /// The slice's ports (EndpointPort JSON, `name` always present).
        public var ports: [JSONValue]
        /// The slice's endpoints (Endpoint JSON).
        public var endpoints: [JSONValue]
    }

    /// The slices `service` needs for `pods` (already matched by its selector); `node` looks a
    /// node up by name. Empty when there is no endpoint at all.
    public static func contents(service: JSONValue, pods: [JSONValue], node: (String) -> JSONValue?) -> [Content] {
        let servicePorts = service[path: "spec", "ports"]?.arrayValue ?? []
        var groups: [[JSONValue]: [JSONValue]] = [:]
        for pod in pods {
            guard EndpointsBuilder.shouldInclude(pod, includeTerminating: true), let ip = ipv4Address(of: pod) else { continue }
            var ports = servicePorts.compactMap { EndpointsBuilder.endpointPort($0, pod: pod) }.map { port -> JSONValue in
                var port = port
                if port["name"] == nil { port["name"] = "" }
                return port
            }
            // A pod that lacks every named port of a Service with ports serves none of them.
            if ports.isEmpty && !servicePorts.isEmpty { continue }
            ports.sort { $0.text < $1.text }
            groups[ports, default: []].append(endpoint(ip: ip, pod: pod, service: service, node: pod.podNodeName.flatMap(node)))
        }
        var contents: [Content] = []
        for ports in groups.keys.sorted(by: { JSONValue.array($0).text < JSONValue.array($1).text }) {
            let endpoints = groups[ports, default: []].sorted(by: endpointOrder)
            var start = 0
            while start < endpoints.count {
                let end = min(start + maxEndpointsPerSlice, endpoints.count)
                contents.append(Content(ports: ports, endpoints: Array(endpoints[start..<end])))
                start = end
            }
        }
        return contents
    }

    /// The pod's IPv4 address: the first IPv4 entry of `status.podIPs`, else `status.podIP`
    /// when it is IPv4.
    static func ipv4Address(of pod: JSONValue) -> String? {
        let candidates = (pod[path: "status", "podIPs"]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue } + [pod.podIP].compactMap { $0 }
        return candidates.first { !$0.isEmpty && !$0.contains(":") }
    }

    /// One pod as a slice endpoint.
    static func endpoint(ip: String, pod: JSONValue, service: JSONValue, node: JSONValue?) -> JSONValue {
        let publishNotReady = service[path: "spec", "publishNotReadyAddresses"]?.boolValue ?? false
        let serving = publishNotReady || pod.isPodReady
        let terminating = pod.isBeingDeleted
        let ready = publishNotReady || (serving && !terminating)
        var endpoint: JSONValue = [
            "addresses": [.string(ip)],
            "conditions": ["ready": .bool(ready), "serving": .bool(serving), "terminating": .bool(terminating)],
            "targetRef": [
                "kind": "Pod", "namespace": .string(pod.namespace ?? ""), "name": .string(pod.name ?? ""),
                "uid": .string(pod.uid ?? ""),
            ],
        ]
        if let nodeName = pod.podNodeName { endpoint["nodeName"] = .string(nodeName) }
        if let zone = node?.labels[zoneLabel], !zone.isEmpty { endpoint["zone"] = .string(zone) }
        if let hostname = EndpointsBuilder.hostname(of: pod, serviceName: service.name ?? "") {
            endpoint["hostname"] = .string(hostname)
        }
        return endpoint
    }

    private static func endpointOrder(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        let left = lhs["addresses"]?.arrayValue?.first?.stringValue ?? ""
        let right = rhs["addresses"]?.arrayValue?.first?.stringValue ?? ""
        if left != right { return EndpointsBuilder.ipLess(left, right) }
        return (lhs[path: "targetRef", "name"]?.stringValue ?? "") < (rhs[path: "targetRef", "name"]?.stringValue ?? "")
    }
}
