import APIServer
import Foundation
import Kernel
import Testing

@Suite("Aggregated discovery and the kubernetes Service")
struct DiscoveryAggregatedTests {
    static let accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"

    @Test("/apis answers an APIGroupDiscoveryList with nested subresources when asked, the legacy list otherwise")
    func groups() async throws {
        try await withServer { _, port in
            let aggregated = try await RawHTTP.send(port: port, "GET", "/apis", headers: ["Accept": Self.accept])
            #expect(aggregated.status == 200)
            #expect(aggregated.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList")
            let list = try #require(aggregated.json)
            #expect(list["kind"] == "APIGroupDiscoveryList")
            let apps = try #require(list["items"]?.arrayValue?.first { $0[path: "metadata", "name"] == "apps" })
            let deployments = try #require(apps["versions"]?.arrayValue?.first?["resources"]?.arrayValue?.first { $0["resource"] == "deployments" })
            #expect(deployments["scope"] == "Namespaced")
            #expect(deployments["shortNames"] == ["deploy"])
            #expect(deployments[path: "responseKind", "kind"] == "Deployment")
            let scale = try #require(deployments["subresources"]?.arrayValue?.first { $0["subresource"] == "scale" })
            #expect(scale[path: "responseKind", "group"] == "autoscaling")

            let legacy = try await RawHTTP.send(port: port, "GET", "/apis", headers: ["Accept": "application/json"])
            #expect(legacy.json?["kind"] == "APIGroupList")
            #expect(legacy.headers["content-type"] == "application/json")
        }
    }

    @Test("/api answers the core group without a name, v2beta1 when only that is accepted")
    func core() async throws {
        try await withServer { _, port in
            let reply = try await RawHTTP.send(port: port, "GET", "/api", headers: [
                "Accept": "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json",
            ])
            #expect(reply.headers["content-type"] == "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList")
            let items = try #require(reply.json?["items"]?.arrayValue)
            #expect(items.count == 1)
            #expect(items[0][path: "metadata", "name"] == nil)
            let resources = items[0]["versions"]?.arrayValue?.first?["resources"]?.arrayValue ?? []
            #expect(resources.first { $0["resource"] == "pods" }?["scope"] == "Namespaced")
            #expect(resources.first { $0["resource"] == "nodes" }?["scope"] == "Cluster")
        }
    }

    @Test("the kubernetes Service holds the first service address and points at the API server; a restart repoints it")
    func kubernetesService() async throws {
        try await withAPI { api in
            try await api.ensureKubernetesService(host: "127.0.0.1", port: 6443)
            let service = try await api.get(.services, namespace: "default", name: "kubernetes")
            #expect(service[path: "spec", "clusterIP"] == "127.96.0.1")
            #expect(service[path: "spec", "ports"]?.arrayValue?.first?["port"] == 443)
            try await api.ensureKubernetesService(host: "127.0.0.1", port: 7443)
            let endpoints = try await api.get(.endpoints, namespace: "default", name: "kubernetes")
            #expect(endpoints[path: "subsets"]?.arrayValue?.first?["ports"]?.arrayValue?.first?["port"] == 7443)
            let slice = try await api.get(.endpointSlices, namespace: "default", name: "kubernetes")
            #expect(slice["ports"]?.arrayValue?.first?["port"] == 7443)
            #expect(try await api.get(.services, namespace: "default", name: "kubernetes")[path: "spec", "clusterIP"] == "127.96.0.1")
        }
    }
}
