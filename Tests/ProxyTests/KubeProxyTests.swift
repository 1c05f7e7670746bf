import APIServer
import Foundation
import Kernel
import Logging
import NIOCore
import Proxy
import Testing

/// A KubeProxy over an in-process API: Services and EndpointSlices become listeners that really
/// forward, and follow changes.
@Suite struct KubeProxyTests {
    @Test func routesAServiceClusterIPToItsSliceEndpoints() async throws {
        let serverA = try await TestServers.tcp(name: "a")
        let serverB = try await TestServers.tcp(name: "b")
        defer { [serverA, serverB].forEach { $0.close(promise: nil) } }
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let api = try ClusterAPI(store: store, serviceCIDR: "127.\(Int.random(in: 100...199)).0.0/16")
        try api.bootstrap()
        let proxy = KubeProxy(client: api, options: DataPathOptions(nodeIP: TestServers.serviceIP()), logger: Logger(label: "test.proxy"))
        let running = Task { await proxy.run() }
        do {
            try await exercise(api: api, proxy: proxy, servers: (serverA, serverB))
        } catch {
            running.cancel()
            await running.value
            throw error
        }
        running.cancel()
        await running.value
    }

    /// Creates, changes and deletes a Service and its slice, checking the proxy follows.
    func exercise(api: ClusterAPI, proxy: KubeProxy, servers: (Channel, Channel)) async throws {
        let (serverA, serverB) = servers

        let service = try await api.create(.services, namespace: "default", object: [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["ports": [["name": "http", "port": 8080, "protocol": "TCP"]]],
        ])
        let clusterIP = try #require(service[path: "spec", "clusterIP"]?.stringValue)
        func slice(_ servers: [TestServers.EndpointInfo]) -> JSONValue {
            [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": ["name": "web-1", "labels": ["kubernetes.io/service-name": "web"]],
                "addressType": "IPv4",
                "ports": [["name": "http", "port": .int(Int64(servers[0].port)), "protocol": "TCP"]],
                "endpoints": .array(servers.map { ["addresses": [.string($0.ip)], "conditions": ["ready": true]] }),
            ]
        }
        let a = TestServers.info(serverA)
        _ = try await api.create(.endpointSlices, namespace: "default", object: slice([a]))
        try await eventually("the ClusterIP listener") {
            await proxy.dataPath.activeListeners.contains(ListenerAddress(ip: clusterIP, port: 8080, proto: .tcp))
                && proxy.currentTable.ports.first { $0.serviceName == "web" }?.endpoints.count == 1
        }
        #expect(try await greeting(clusterIP, 8080) == "a")

        // The endpoint moves to server b (same IP, its port): new connections follow.
        let b = TestServers.info(serverB)
        var updated = try await api.get(.endpointSlices, namespace: "default", name: "web-1")
        updated["ports"] = slice([b])["ports"] ?? .null
        _ = try await api.update(.endpointSlices, namespace: "default", object: updated)
        try await eventually("the new endpoint") { try await greeting(clusterIP, 8080) == "b" }

        // Deleting the Service closes its listener.
        _ = try await api.delete(.services, namespace: "default", name: "web")
        try await eventually("the listener to close") {
            await !proxy.dataPath.activeListeners.contains(ListenerAddress(ip: clusterIP, port: 8080, proto: .tcp))
        }
        #expect(proxy.currentTable.ports.allSatisfy { $0.serviceName != "web" })
    }
}
