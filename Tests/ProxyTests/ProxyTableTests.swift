import Kernel
import Proxy
import Testing

/// Services and EndpointSlices become the proxy's table as kube-proxy's trackers build it.
@Suite struct ProxyTableTests {
    static func service(_ name: String, type: String = "ClusterIP", clusterIP: String = "127.96.0.20",
                        ports: [JSONValue] = [["name": "http", "port": 80, "protocol": "TCP", "targetPort": 8080]],
                        extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = ["type": .string(type), "clusterIP": .string(clusterIP), "ports": .array(ports)]
        for (key, value) in extra { spec[key] = value }
        return ["metadata": ["name": .string(name), "namespace": "default"], "spec": .object(spec)]
    }

    static func slice(_ service: String, ports: [JSONValue] = [["name": "http", "port": 8080, "protocol": "TCP"]],
                      endpoints: [JSONValue]) -> JSONValue {
        [
            "metadata": ["name": .string("\(service)-abc"), "namespace": "default",
                         "labels": ["kubernetes.io/service-name": .string(service)]],
            "addressType": "IPv4", "ports": .array(ports), "endpoints": .array(endpoints),
        ]
    }

    static func endpoint(_ ip: String, node: String = "pool-a-1", ready: Bool? = true, terminating: Bool? = nil, serving: Bool? = nil) -> JSONValue {
        var conditions: [String: JSONValue] = [:]
        if let ready { conditions["ready"] = .bool(ready) }
        if let terminating { conditions["terminating"] = .bool(terminating) }
        if let serving { conditions["serving"] = .bool(serving) }
        return ["addresses": [.string(ip)], "nodeName": .string(node), "conditions": .object(conditions)]
    }

    @Test func joinsSlicesToServicePortsByNameAndProtocol() throws {
        let table = ProxyTable.build(
            services: [Self.service("web", ports: [["name": "http", "port": 80], ["name": "dns", "port": 53, "protocol": "UDP"]])],
            slices: [Self.slice("web", ports: [["name": "http", "port": 8080], ["name": "dns", "port": 5353, "protocol": "UDP"]],
                                endpoints: [Self.endpoint("127.244.1.3"), Self.endpoint("127.244.1.2")])])
        #expect(table.ports.map(\.id) == ["default/web:dns", "default/web:http"])
        let http = try #require(table.ports.first { $0.portName == "http" })
        #expect(http.endpoints.map(\.hostPort) == ["127.244.1.2:8080", "127.244.1.3:8080"])
        let dns = try #require(table.ports.first { $0.portName == "dns" })
        #expect(dns.proto == .udp && dns.endpoints.map(\.port) == [5353, 5353])
    }

    @Test func headlessAndExternalNameServicesAreNotRouted() {
        let table = ProxyTable.build(
            services: [Self.service("headless", clusterIP: "None"),
                       Self.service("alias", type: "ExternalName", clusterIP: "", extra: ["externalName": "example.org"])],
            slices: [])
        #expect(table.ports.isEmpty)
    }

    @Test func nodePortsAffinityAndPoliciesComeFromTheSpec() throws {
        let table = ProxyTable.build(
            services: [Self.service("np", type: "NodePort", ports: [["port": 80, "nodePort": 30080]],
                                    extra: ["sessionAffinity": "ClientIP", "externalTrafficPolicy": "Local"])],
            slices: [])
        let port = try #require(table.ports.first)
        #expect(port.id == "default/np" && port.nodePort == 30080)
        #expect(port.stickySeconds == ProxyTable.defaultStickySeconds && port.externalTrafficPolicy == .local)
    }

    @Test func usableEndpointsPreferReadyThenServingTerminating() {
        let port = ServicePort(namespace: "default", serviceName: "web", port: 80, clusterIPs: ["127.96.0.20"], endpoints: [
            ProxyEndpoint(ip: "127.244.1.2", port: 8080, nodeName: "a", ready: false, serving: true, terminating: true),
            ProxyEndpoint(ip: "127.244.1.3", port: 8080, nodeName: "b", ready: true),
            ProxyEndpoint(ip: "127.244.1.4", port: 8080, nodeName: "b", ready: false),
        ])
        #expect(port.usableEndpoints(node: nil, external: false).map(\.ip) == ["127.244.1.3"])
        var draining = port
        draining.endpoints.removeAll { $0.ready }
        #expect(draining.usableEndpoints(node: nil, external: false).map(\.ip) == ["127.244.1.2"])
        var local = port
        local.externalTrafficPolicy = .local
        #expect(local.usableEndpoints(node: "a", external: true).map(\.ip) == ["127.244.1.2"])
        #expect(local.usableEndpoints(node: "c", external: true).isEmpty)
    }
}
