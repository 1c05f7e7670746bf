import APIServer
import Controllers
import Foundation
import Kernel
import Testing

@Suite("Endpoints controller")
struct EndpointsControllerTests {
    typealias T = WorkloadTesting

    func service(_ name: String, selector: [String: String]?, targetPort: JSONValue = "http") -> JSONValue {
        var spec: JSONValue = ["ports": [["name": "web", "port": 80, "targetPort": targetPort, "protocol": "TCP"]]]
        if let selector { spec["selector"] = .object(selector.mapValues(JSONValue.string)) }
        return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name), "labels": ["tier": "front"]], "spec": spec]
    }

    func pod(_ name: String, labels: [String: String]) -> JSONValue {
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)],
            "spec": ["containers": [[
                "name": "main", "image": "nginx:1.25",
                "ports": [["name": "http", "containerPort": 8080, "protocol": "TCP"]],
            ]]],
        ]
        pod.labels = labels
        return pod
    }

    func addressIPs(_ endpoints: JSONValue, _ field: String) -> [String] {
        (endpoints["subsets"]?.arrayValue ?? []).flatMap { ($0[field]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue } }
    }

    @Test("Ready pods are addresses, others notReadyAddresses, with targetRef, nodeName and the named port")
    func readyAndNotReady() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.services, namespace: "default", object: service("web", selector: ["app": "web"]))
            let a = try await api.create(.pods, namespace: "default", object: pod("web-a", labels: ["app": "web"]))
            let b = try await api.create(.pods, namespace: "default", object: pod("web-b", labels: ["app": "web"]))
            let c = try await api.create(.pods, namespace: "default", object: pod("web-c", labels: ["app": "web"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("db", labels: ["app": "db"]))
            try await T.setPodState(api, a, node: "node-a", ip: "127.244.1.2", ready: true)
            try await T.setPodState(api, b, node: "node-b", ip: "127.244.2.2", ready: true)
            try await T.setPodState(api, c, node: "node-a", ip: "127.244.1.3", ready: false)

            let endpoints = try await T.eventually("endpoints with 2 ready and 1 not ready") { () -> JSONValue? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "web")
                return addressIPs(endpoints, "addresses").count == 2 && addressIPs(endpoints, "notReadyAddresses").count == 1 ? Optional(endpoints) : nil
            }
            #expect(addressIPs(endpoints, "addresses") == ["127.244.1.2", "127.244.2.2"])
            #expect(addressIPs(endpoints, "notReadyAddresses") == ["127.244.1.3"])
            #expect(endpoints.labels["tier"] == "front")
            let subsets = try #require(endpoints["subsets"]?.arrayValue)
            #expect(subsets.count == 1)
            #expect(subsets[0]["ports"] == [["name": "web", "port": 8080, "protocol": "TCP"]])
            let first = try #require(subsets[0]["addresses"]?.arrayValue?.first)
            #expect(first["nodeName"]?.stringValue == "node-a")
            #expect(first["targetRef"] == ["kind": "Pod", "namespace": "default", "name": "web-a", "uid": .string(try #require(a.uid))])

            // c turns Ready, a is deleted.
            try await T.setPodState(api, try await api.get(.pods, namespace: "default", name: "web-c"), ip: "127.244.1.3", ready: true)
            _ = try await api.delete(.pods, namespace: "default", name: "web-a")
            try await T.eventually("c ready, a gone") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "web")
                return addressIPs(endpoints, "addresses") == ["127.244.1.3", "127.244.2.2"] && addressIPs(endpoints, "notReadyAddresses").isEmpty ? true : nil
            }

            // A pod whose labels change leaves the Endpoints.
            try await T.modify(api, .pods, "web-b") { $0.labels = ["app": "moved"] }
            try await T.eventually("b gone after relabel") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "web")
                return addressIPs(endpoints, "addresses") == ["127.244.1.3"] ? true : nil
            }
        }
    }

    @Test("Endpoints follow Service changes and are deleted with the Service")
    func followsService() async throws {
        try await T.withCluster { api in
            let pod = try await api.create(.pods, namespace: "default", object: pod("api-1", labels: ["app": "api"]))
            try await T.setPodState(api, pod, ip: "127.244.3.4", ready: true)
            _ = try await api.create(.services, namespace: "default", object: service("manual", selector: nil))
            _ = try await api.create(.services, namespace: "default", object: service("api", selector: ["app": "api"], targetPort: 9000))
            try await T.eventually("endpoints on port 9000") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "api")
                return endpoints[path: "subsets"]?.arrayValue?.first?["ports"] == [["name": "web", "port": 9000, "protocol": "TCP"]] ? true : nil
            }
            // A Service without a selector gets no managed Endpoints.
            await #expect(throws: APIError.self) { _ = try await api.get(.endpoints, namespace: "default", name: "manual") }

            // The Service now targets the named port.
            try await T.modify(api, .services, "api") { $0[path: "spec", "ports"] = [["name": "web", "port": 80, "targetPort": "http", "protocol": "TCP"]] }
            try await T.eventually("endpoints on port 8080") { () -> Bool? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "api")
                return endpoints[path: "subsets"]?.arrayValue?.first?["ports"] == [["name": "web", "port": 8080, "protocol": "TCP"]] ? true : nil
            }

            _ = try await api.delete(.services, namespace: "default", name: "api")
            try await T.eventually("endpoints deleted") { () -> Bool? in
                do {
                    _ = try await api.get(.endpoints, namespace: "default", name: "api")
                    return nil
                } catch let error as APIError where error.code == 404 {
                    return true
                }
            }
        }
    }

    @Test("Endpoints of a Deployment's pods appear as the pods become Ready")
    func deploymentBehindService() async throws {
        try await T.withCluster { api in
            let kubelet = Task { await T.fakeKubelet(api) }
            defer { kubelet.cancel() }
            _ = try await api.create(.services, namespace: "default", object: service("front", selector: ["app": "front"], targetPort: 80))
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("front", replicas: 3, labels: ["app": "front"]))
            let endpoints = try await T.eventually("3 ready addresses") { () -> JSONValue? in
                let endpoints = try await api.get(.endpoints, namespace: "default", name: "front")
                return addressIPs(endpoints, "addresses").count == 3 ? Optional(endpoints) : nil
            }
            let names = (endpoints["subsets"]?.arrayValue?.first?["addresses"]?.arrayValue ?? []).compactMap { $0[path: "targetRef", "name"]?.stringValue }
            let pods = Set(try await T.list(api, .pods, labels: ["app": "front"]).compactMap(\.name))
            #expect(Set(names) == pods)
        }
    }
}
