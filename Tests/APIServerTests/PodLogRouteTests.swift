import Foundation
import Kernel
import Testing
@testable import APIServer

/// `pods/{name}/log` and `nodes/{name}/proxy`: routing, discovery and the errors answered
/// before any kubelet is reached.
@Suite struct PodLogRouteTests {
    static func pod(_ name: String, containers: [String], initContainers: [String] = [], node: String? = nil) -> JSONValue {
        var spec: JSONValue = ["containers": .array(containers.map { ["name": .string($0), "image": "busybox:1.36"] })]
        if !initContainers.isEmpty { spec["initContainers"] = .array(initContainers.map { ["name": .string($0), "image": "busybox:1.36"] }) }
        if let node { spec["nodeName"] = .string(node) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "namespace": "default"], "spec": spec]
    }

    @Test func routesParse() throws {
        #expect(try APIRoute.parse("/api/v1/namespaces/ns/pods/web/log") == .podLog(namespace: "ns", name: "web"))
        #expect(try APIRoute.parse("/api/v1/nodes/n1/proxy") == .nodeProxy(name: "n1", path: "/"))
        #expect(try APIRoute.parse("/api/v1/nodes/n1/proxy/stats/summary") == .nodeProxy(name: "n1", path: "/stats/summary"))
        #expect(try APIRoute.parse("/api/v1/nodes/n1/proxy/containerLogs/a/b/c/") == .nodeProxy(name: "n1", path: "/containerLogs/a/b/c/"))
        #expect(try APIRoute.parse("/api/v1/nodes/n1/proxy/stats%2Fsummary") == .nodeProxy(name: "n1", path: "/stats/summary"))
        #expect(throws: APIError.self) { try APIRoute.parse("/api/v1/namespaces/ns/pods/web/logs") }
    }

    @Test func discoveryListsTheSubresources() {
        let resources = Discovery.resourceList(group: "", version: "v1")["resources"]?.arrayValue ?? []
        let log = resources.first { $0["name"] == "pods/log" }
        #expect(log?["verbs"] == ["get"])
        #expect(log?["kind"] == "Pod")
        let proxy = resources.first { $0["name"] == "nodes/proxy" }
        #expect(proxy?["verbs"]?.arrayValue?.contains("get") == true)
        #expect(proxy?["namespaced"] == false)
    }

    @Test func logErrorsBeforeTheKubelet() async throws {
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: Self.pod("two", containers: ["a", "b"], initContainers: ["setup"], node: "n1"))
            _ = try await api.create(.pods, namespace: "default", object: Self.pod("pending", containers: ["main"]))

            let missing = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/nope/log")
            expectStatus(missing, 404, "NotFound")
            #expect(missing.json?["message"] == "pods \"nope\" not found")

            let unnamed = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/two/log")
            expectStatus(unnamed, 400, "BadRequest")
            #expect(unnamed.json?["message"] == "a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [setup]")

            let wrong = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/two/log?container=c")
            expectStatus(wrong, 400, "BadRequest")
            #expect(wrong.json?["message"] == "container c is not valid for pod two")

            let unscheduled = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/pending/log")
            expectStatus(unscheduled, 400, "BadRequest")
            #expect(unscheduled.json?["message"] == "pod pending does not have a host assigned")

            let negative = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/two/log?container=a&tailLines=-1")
            expectStatus(negative, 422, "Invalid")

            let noNode = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/pods/two/log?container=a")
            expectStatus(noNode, 404, "NotFound")

            let post = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods/two/log?container=a")
            expectStatus(post, 405, "MethodNotAllowed")
        }
    }

    @Test func proxyErrorsBeforeTheKubelet() async throws {
        try await withServer { api, port in
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/nodes/ghost/proxy/healthz"), 404, "NotFound")
            _ = try await api.create(.nodes, namespace: "", object: ["apiVersion": "v1", "kind": "Node", "metadata": ["name": "bare"]])
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/nodes/bare/proxy/healthz"), 500, "InternalError")
            expectStatus(try await RawHTTP.send(port: port, "DELETE", "/api/v1/nodes/bare/proxy/pods"), 405, "MethodNotAllowed")
        }
    }
}
