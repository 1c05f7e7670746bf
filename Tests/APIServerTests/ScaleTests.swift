@testable import APIServer
import Foundation
import Kernel
import Testing

@Suite("Scale subresource")
struct ScaleTests {
    private let path = "/apis/apps/v1/namespaces/default/deployments/web/scale"

    @Test("GET answers an autoscaling/v1 Scale with a selector string")
    func get() async throws {
        try await withServer { api, port in
            _ = try await api.create(.deployments, namespace: "default", object: deployment("web", replicas: 2))
            let reply = try await RawHTTP.send(port: port, "GET", path)
            #expect(reply.status == 200, "\(reply.text)")
            let scale = reply.json
            #expect(scale?["kind"] == "Scale")
            #expect(scale?["apiVersion"] == "autoscaling/v1")
            #expect(scale?[path: "metadata", "name"] == "web")
            #expect(scale?[path: "spec", "replicas"] == 2)
            #expect(scale?[path: "status", "selector"] == "app=web")
            expectStatus(try await RawHTTP.send(port: port, "GET", "/apis/apps/v1/namespaces/default/deployments/nope/scale"), 404, "NotFound")
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/web/scale"), 404, "NotFound")
        }
    }

    @Test("PUT and PATCH set spec.replicas; negative counts are 422; stale resourceVersion is 409")
    func write() async throws {
        try await withServer { api, port in
            _ = try await api.create(.replicaSets, namespace: "default", object: {
                var object = deployment("rs")
                object["kind"] = "ReplicaSet"
                return object
            }())
            let rsPath = "/apis/apps/v1/namespaces/default/replicasets/rs/scale"
            let put = try await RawHTTP.send(port: port, "PUT", rsPath, json: ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": ["name": "rs"], "spec": ["replicas": 7]])
            #expect(put.status == 200, "\(put.text)")
            #expect(put.json?[path: "spec", "replicas"] == 7)
            #expect(try await api.get(.replicaSets, namespace: "default", name: "rs")[path: "spec", "replicas"] == 7)
            let patched = try await RawHTTP.send(port: port, "PATCH", rsPath, body: Data(#"{"spec":{"replicas":5}}"#.utf8),
                                                 headers: ["Content-Type": "application/merge-patch+json"])
            #expect(patched.status == 200, "\(patched.text)")
            #expect(try await api.get(.replicaSets, namespace: "default", name: "rs")[path: "spec", "replicas"] == 5)
            expectStatus(try await RawHTTP.send(port: port, "PUT", rsPath, json: ["metadata": ["name": "rs"], "spec": ["replicas": -1]]), 422, "Invalid")
            expectStatus(try await RawHTTP.send(port: port, "PUT", rsPath, json: ["metadata": ["name": "rs", "resourceVersion": "1"], "spec": ["replicas": 1]]), 409, "Conflict")
        }
    }

    @Test("selector strings follow the label selector syntax")
    func selectorString() throws {
        let selector = try JSONValue(parsing: #"""
        {"matchLabels":{"b":"2","a":"1"},"matchExpressions":[{"key":"c","operator":"In","values":["y","x"]},{"key":"d","operator":"DoesNotExist"}]}
        """#)
        #expect(LabelSelectorText.format(selector) == "a=1,b=2,c in (x,y),!d")
    }
}
