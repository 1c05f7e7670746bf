import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The EndpointSlice cases of issue 5 checked against Kubernetes' behaviour: conditions,
/// zones, slicing by ports and size, the managed slice's metadata, the placeholder, readiness
/// flips and deletion with the Service.
@Suite("Endpoints slices")
struct EndpointsSliceTests {
    typealias T = WorkloadTesting
    typealias Cases = EndpointsCasesTests

    func conditions(_ content: [EndpointSliceBuilder.Content], _ name: String) -> JSONValue? {
        content.flatMap(\.endpoints).first { $0[path: "targetRef", "name"]?.stringValue == name }?["conditions"]
    }

    @Test("conditions: ready = serving and not terminating; serving = Ready; publishNotReadyAddresses makes every endpoint ready")
    func conditions() {
        let pods = [Cases.pod("a", ip: "127.0.0.2", ready: true), Cases.pod("b", ip: "127.0.0.3", ready: false),
                    Cases.pod("c", ip: "127.0.0.4", ready: true, deleting: true), Cases.pod("d", ip: nil, ready: true)]
        let plain = EndpointSliceBuilder.contents(service: Cases.service(ports: [["port": 80]]), pods: pods) { _ in nil }
        #expect(plain.count == 1)
        #expect(plain[0].endpoints.count == 3)
        #expect(conditions(plain, "a") == ["ready": true, "serving": true, "terminating": false])
        #expect(conditions(plain, "b") == ["ready": false, "serving": false, "terminating": false])
        #expect(conditions(plain, "c") == ["ready": false, "serving": true, "terminating": true])
        let publish = EndpointSliceBuilder.contents(service: Cases.service(ports: [["port": 80]], publishNotReady: true), pods: pods) { _ in nil }
        #expect(conditions(publish, "b") == ["ready": true, "serving": true, "terminating": false])
        #expect(conditions(publish, "c") == ["ready": true, "serving": true, "terminating": true])
    }

    @Test("endpoints carry targetRef, nodeName, the node's zone and the headless hostname")
    func endpointFields() throws {
        let pods = [Cases.pod("a", ip: "127.0.0.2", ready: true, hostname: "alpha", subdomain: "svc", node: "node-z")]
        let node: JSONValue = ["metadata": ["name": "node-z", "labels": ["topology.kubernetes.io/zone": "zone-1"]]]
        let content = EndpointSliceBuilder.contents(service: Cases.service(ports: [["name": "web", "port": 80, "targetPort": "http"]], clusterIP: "None"), pods: pods) {
            $0 == "node-z" ? node : nil
        }
        let endpoint = try #require(content.first?.endpoints.first)
        #expect(endpoint["addresses"] == ["127.0.0.2"])
        #expect(endpoint["nodeName"] == "node-z")
        #expect(endpoint["zone"] == "zone-1")
        #expect(endpoint["hostname"] == "alpha")
        #expect(endpoint["targetRef"] == ["kind": "Pod", "namespace": "default", "name": "a", "uid": "uid-a"])
        #expect(content.first?.ports == [["name": "web", "port": 8080, "protocol": "TCP"]])
    }

    @Test("pods resolving a named port differently go to separate slices; at most 100 endpoints per slice")
    func slicing() {
        var pods: [JSONValue] = []
        for index in 0..<250 { pods.append(Cases.pod("p\(index)", ip: "127.1.\(index / 200).\(index % 200 + 1)", ready: true)) }
        pods.append(Cases.pod("other", ip: "127.2.0.1", ready: true, ports: [("http", 9090, "TCP")]))
        let content = EndpointSliceBuilder.contents(service: Cases.service(ports: [["port": 80, "targetPort": "http"]]), pods: pods) { _ in nil }
        let on8080 = content.filter { $0.ports.first?["port"] == 8080 }.map(\.endpoints.count)
        let on9090 = content.filter { $0.ports.first?["port"] == 9090 }.map(\.endpoints.count)
        #expect(on8080 == [100, 100, 50])
        #expect(on9090 == [1])
        #expect(content.allSatisfy { $0.ports.first?["name"] == "" })
    }

    @Test("the managed slice: labels, owner, IPv4, placeholder, readiness flips, deleted with the Service")
    func managedSlice() async throws {
        try await T.withCluster { api in
            let service = try await api.create(.services, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Service", "metadata": ["name": "sl", "labels": ["tier": "front"]],
                "spec": ["selector": ["app": "sl"], "ports": [["name": "web", "port": 80, "targetPort": 8080, "appProtocol": "http"]]],
            ])
            func slices() async throws -> [JSONValue] {
                try await T.list(api, .endpointSlices, labels: ["kubernetes.io/service-name": "sl"])
            }
            // No pods yet: one empty placeholder slice.
            let placeholder = try await T.eventually("placeholder slice") { () -> JSONValue? in
                let all = try await slices()
                return all.count == 1 ? Optional(all[0]) : nil
            }
            #expect((placeholder["endpoints"]?.arrayValue ?? []).isEmpty)
            #expect(placeholder["addressType"] == "IPv4")
            #expect(placeholder.labels["endpointslice.kubernetes.io/managed-by"] == "endpointslice-controller.k8s.io")
            #expect(placeholder.labels["tier"] == "front")
            let owner = try #require(placeholder[path: "metadata", "ownerReferences"]?.arrayValue?.first)
            #expect(owner["kind"] == "Service")
            #expect(owner["apiVersion"] == "v1")
            #expect(owner["uid"]?.stringValue == service.uid)
            #expect(owner["controller"] == true)

            let pod = try await api.create(.pods, namespace: "default", object: [
                "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "sl-1", "labels": ["app": "sl"]],
                "spec": ["containers": [["name": "c", "image": "x"]]],
            ])
            func slice(ready: Bool) async throws -> JSONValue {
                try await T.eventually("endpoint ready=\(ready)") { () -> JSONValue? in
                    let all = try await slices()
                    guard all.count == 1, let endpoint = all[0]["endpoints"]?.arrayValue?.first,
                        endpoint[path: "conditions", "ready"]?.boolValue == ready else { return nil }
                    return Optional(all[0])
                }
            }
            try await T.setPodState(api, pod, node: "node-a", ip: "127.244.7.2", ready: false)
            _ = try await slice(ready: false)
            try await T.setPodState(api, try await api.get(.pods, namespace: "default", name: "sl-1"), ip: "127.244.7.2", ready: true)
            let readySlice = try await slice(ready: true)
            #expect(readySlice["ports"] == [["name": "web", "port": 8080, "protocol": "TCP", "appProtocol": "http"]])
            #expect(readySlice.annotations["endpoints.kubernetes.io/last-change-trigger-time"] != nil)
            let endpoint = try #require(readySlice["endpoints"]?.arrayValue?.first)
            #expect(endpoint["addresses"] == ["127.244.7.2"])
            #expect(endpoint["nodeName"] == "node-a")
            #expect(endpoint[path: "targetRef", "name"] == "sl-1")
            try await T.setPodState(api, try await api.get(.pods, namespace: "default", name: "sl-1"), ip: "127.244.7.2", ready: false)
            _ = try await slice(ready: false)

            _ = try await api.delete(.services, namespace: "default", name: "sl")
            try await T.eventually("slices deleted") { () -> Bool? in try await slices().isEmpty ? true : nil }
        }
    }
}
