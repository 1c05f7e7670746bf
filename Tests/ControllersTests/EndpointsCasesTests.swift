import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The Endpoints cases of issue 5 checked against Kubernetes' behaviour: eligibility of
/// terminating pods, `publishNotReadyAddresses`, headless hostnames, ports, managed-by label,
/// trigger-time annotation, ExternalName, and readiness flips moving an address.
@Suite("Endpoints cases")
struct EndpointsCasesTests {
    typealias T = WorkloadTesting

    static func pod(_ name: String, ip: String?, ready: Bool, deleting: Bool = false, ports: [(String, Int64, String)] = [("http", 8080, "TCP")],
                    hostname: String? = nil, subdomain: String? = nil, node: String = "node-1") -> JSONValue {
        var pod: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)"), "creationTimestamp": "2026-01-01T00:00:00Z"],
            "spec": ["nodeName": .string(node), "containers": [[
                "name": "c", "image": "x",
                "ports": .array(ports.map { ["name": .string($0.0), "containerPort": .int($0.1), "protocol": .string($0.2)] }),
            ]]],
            "status": ["phase": "Running", "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False"), "lastTransitionTime": "2026-01-02T00:00:00Z"]]],
        ]
        if let ip { pod[path: "status", "podIP"] = .string(ip) }
        if deleting { pod[path: "metadata", "deletionTimestamp"] = "2026-01-03T00:00:00Z" }
        if let hostname { pod[path: "spec", "hostname"] = .string(hostname) }
        if let subdomain { pod[path: "spec", "subdomain"] = .string(subdomain) }
        return pod
    }

    static func service(_ name: String = "svc", ports: [JSONValue], clusterIP: String = "10.0.0.1", publishNotReady: Bool = false) -> JSONValue {
        [
            "metadata": ["name": .string(name), "namespace": "default", "uid": "uid-svc", "creationTimestamp": "2025-12-31T00:00:00Z"],
            "spec": ["ports": .array(ports), "clusterIP": .string(clusterIP), "publishNotReadyAddresses": .bool(publishNotReady)],
        ]
    }

    func ips(_ subsets: [JSONValue], _ field: String) -> [String] {
        subsets.flatMap { ($0[field]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue } }
    }

    @Test("a terminating pod is left out, unless publishNotReadyAddresses puts every address in addresses")
    func terminatingAndPublishNotReady() {
        let pods = [Self.pod("a", ip: "127.0.0.2", ready: true), Self.pod("b", ip: "127.0.0.3", ready: false),
                    Self.pod("c", ip: "127.0.0.4", ready: true, deleting: true), Self.pod("d", ip: nil, ready: true)]
        let plain = EndpointsBuilder.subsets(service: Self.service(ports: [["port": 80, "targetPort": 8080]]), pods: pods)
        #expect(ips(plain, "addresses") == ["127.0.0.2"])
        #expect(ips(plain, "notReadyAddresses") == ["127.0.0.3"])
        let publish = EndpointsBuilder.subsets(service: Self.service(ports: [["port": 80, "targetPort": 8080]], publishNotReady: true), pods: pods)
        #expect(ips(publish, "addresses") == ["127.0.0.2", "127.0.0.3", "127.0.0.4"])
        #expect(ips(publish, "notReadyAddresses").isEmpty)
    }

    @Test("headless: hostname only when the pod's subdomain is the Service; no ports lists pods only when headless")
    func headlessHostnames() throws {
        let pods = [Self.pod("a", ip: "127.0.0.2", ready: true, hostname: "alpha", subdomain: "svc"),
                    Self.pod("b", ip: "127.0.0.3", ready: true, hostname: "beta", subdomain: "other")]
        let headless = EndpointsBuilder.subsets(service: Self.service(ports: [], clusterIP: "None"), pods: pods)
        #expect(headless.count == 1)
        #expect(headless[0]["ports"] == nil)
        let addresses = try #require(headless[0]["addresses"]?.arrayValue)
        #expect(addresses.map { $0["hostname"]?.stringValue } == ["alpha", nil])
        #expect(EndpointsBuilder.subsets(service: Self.service(ports: []), pods: pods).isEmpty)
    }

    @Test("ports: numbers, protocols and appProtocol carried; a named port resolved per pod splits subsets")
    func ports() {
        let service = Self.service(ports: [
            ["name": "web", "port": 80, "targetPort": "http", "protocol": "TCP", "appProtocol": "http"],
            ["name": "dns", "port": 53, "targetPort": 5353, "protocol": "UDP"],
        ])
        let pods = [Self.pod("a", ip: "127.0.0.2", ready: true, ports: [("http", 8080, "TCP")]),
                    Self.pod("b", ip: "127.0.0.3", ready: true, ports: [("http", 9090, "TCP")]),
                    Self.pod("c", ip: "127.0.0.4", ready: true, ports: [("http", 8080, "UDP")])]
        let subsets = EndpointsBuilder.subsets(service: service, pods: pods)
        let byIP = Dictionary(uniqueKeysWithValues: subsets.flatMap { subset in
            (subset["addresses"]?.arrayValue ?? []).map { ($0["ip"]?.stringValue ?? "", subset["ports"]?.arrayValue ?? []) }
        })
        #expect(subsets.count == 3)
        #expect(Set(byIP["127.0.0.2"] ?? []) == [["name": "web", "port": 8080, "protocol": "TCP", "appProtocol": "http"], ["name": "dns", "port": 5353, "protocol": "UDP"]])
        #expect(Set(byIP["127.0.0.3"] ?? []) == [["name": "web", "port": 9090, "protocol": "TCP", "appProtocol": "http"], ["name": "dns", "port": 5353, "protocol": "UDP"]])
        // c declares "http" only for UDP: the TCP named port does not resolve, the numbered one does.
        #expect(byIP["127.0.0.4"] == [["name": "dns", "port": 5353, "protocol": "UDP"]])
    }

    @Test("flipping a pod's Ready condition moves its address; Endpoints carry managed-by and the trigger time")
    func readinessFlip() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.services, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "flip"],
                "spec": ["selector": ["app": "flip"], "ports": [["port": 80, "targetPort": 8080]]],
            ])
            let created = try await api.create(.pods, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "flip-1", "labels": ["app": "flip"]],
                "spec": ["containers": [["name": "c", "image": "x"]]],
            ])
            func state(_ ready: Bool) async throws -> JSONValue {
                try await T.eventually("address \(ready ? "ready" : "not ready")") { () -> JSONValue? in
                    let endpoints = try await api.get(.endpoints, namespace: "default", name: "flip")
                    let subsets = endpoints["subsets"]?.arrayValue ?? []
                    let want = ready ? (["127.244.9.2"], [String]()) : ([String](), ["127.244.9.2"])
                    return ips(subsets, "addresses") == want.0 && ips(subsets, "notReadyAddresses") == want.1 ? Optional(endpoints) : nil
                }
            }
            try await T.setPodState(api, created, ip: "127.244.9.2", ready: false)
            _ = try await state(false)
            try await T.setPodState(api, try await api.get(.pods, namespace: "default", name: "flip-1"), ip: "127.244.9.2", ready: true)
            let ready = try await state(true)
            #expect(ready.labels["endpoints.kubernetes.io/managed-by"] == "endpoint-controller")
            let trigger = try #require(ready.annotations["endpoints.kubernetes.io/last-change-trigger-time"])
            #expect(KubeTime.parse(trigger) != nil)
            try await T.setPodState(api, try await api.get(.pods, namespace: "default", name: "flip-1"), ip: "127.244.9.2", ready: false)
            _ = try await state(false)
        }
    }

    @Test("a selector change moves the Endpoints; an ExternalName Service gets none")
    func selectorChangeAndExternalName() async throws {
        try await T.withCluster { api in
            for (name, app, ip) in [("one-1", "one", "127.244.8.2"), ("two-1", "two", "127.244.8.3")] {
                let pod = try await api.create(.pods, namespace: "default", object: [
                    "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": ["app": .string(app)]],
                    "spec": ["containers": [["name": "c", "image": "x"]]],
                ])
                try await T.setPodState(api, pod, ip: ip, ready: true)
            }
            _ = try await api.create(.services, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "pick"],
                "spec": ["selector": ["app": "one"], "ports": [["port": 80]]],
            ])
            _ = try await api.create(.services, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "outside"],
                "spec": ["type": "ExternalName", "externalName": "example.test", "selector": ["app": "one"]],
            ])
            try await T.eventually("pick on one") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "pick")
                return ips(endpoints["subsets"]?.arrayValue ?? [], "addresses") == ["127.244.8.2"] ? true : nil
            }
            try await T.modify(api, .services, "pick") { $0[path: "spec", "selector"] = ["app": "two"] }
            try await T.eventually("pick on two") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "pick")
                return ips(endpoints["subsets"]?.arrayValue ?? [], "addresses") == ["127.244.8.3"] ? true : nil
            }
            // The controllers have handled "pick" after "outside" was created (one queue, in order
            // per key is not guaranteed, so wait for pick's slice too) and left "outside" alone.
            try await T.eventually("pick's slice") { () -> Bool? in
                let slices = try await T.list(api, .endpointSlices, labels: ["kubernetes.io/service-name": "pick"])
                return slices.count == 1 ? true : nil
            }
            await #expect(throws: APIError.self) { _ = try await api.get(.endpoints, namespace: "default", name: "outside") }
            #expect(try await T.list(api, .endpointSlices, labels: ["kubernetes.io/service-name": "outside"]).isEmpty)
        }
    }
}
