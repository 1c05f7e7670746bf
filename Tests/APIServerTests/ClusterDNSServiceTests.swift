import APIServer
import Kernel
import Testing

/// `kube-system/kube-dns`: the Service pods' resolv.conf names, pointing at the DNS add-on.
@Suite("cluster DNS Service")
struct ClusterDNSServiceTests {
    @Test("kube-dns sits on the 10th address with 53/UDP and 53/TCP and endpoints at the add-on")
    func created() async throws {
        try await withAPI(serviceCIDR: "127.123.0.0/16") { api in
            #expect(api.clusterDNSAddress == "127.123.0.10")
            let clusterIP = try await api.ensureClusterDNSService(listenHost: "127.0.0.1", udpPort: 40053, tcpPort: 40054)
            #expect(clusterIP == "127.123.0.10")
            let service = try await api.get(.services, namespace: "kube-system", name: "kube-dns")
            #expect(service[path: "spec", "clusterIP"] == "127.123.0.10")
            #expect(service[path: "spec", "selector"] == nil)
            #expect(service[path: "metadata", "labels", "k8s-app"] == "kube-dns")
            #expect(service[path: "metadata", "labels", "kubernetes.io/name"] == "KeelsonDNS")
            let ports = service[path: "spec", "ports"]?.arrayValue ?? []
            #expect(ports.map { "\($0["name"]?.stringValue ?? "") \($0["port"]?.intValue ?? 0)/\($0["protocol"]?.stringValue ?? "") → \($0["targetPort"]?.intValue ?? 0)" }
                == ["dns 53/UDP → 40053", "dns-tcp 53/TCP → 40054"])

            let slice = try await api.get(.endpointSlices, namespace: "kube-system", name: "kube-dns-keelson")
            #expect(slice[path: "metadata", "labels", "kubernetes.io/service-name"] == "kube-dns")
            #expect(slice[path: "metadata", "labels", "endpointslice.kubernetes.io/managed-by"] == "cluster-dns.keelson.dev")
            #expect(slice["endpoints"]?.arrayValue?.first?["addresses"] == ["127.0.0.1"])
            #expect(slice["endpoints"]?.arrayValue?.first?[path: "conditions", "ready"] == true)
            #expect(slice["ports"]?.arrayValue?.map { $0["port"]?.intValue ?? 0 } == [40053, 40054])
            let endpoints = try await api.get(.endpoints, namespace: "kube-system", name: "kube-dns")
            #expect(endpoints[path: "subsets"]?.arrayValue?.first?["addresses"] == [["ip": "127.0.0.1"]])
        }
    }

    @Test("a restart on another port repoints the Service, Endpoints and slice; an unchanged one writes nothing")
    func restart() async throws {
        try await withAPI { api in
            try await api.ensureClusterDNSService(listenHost: "127.0.0.1", udpPort: 40053, tcpPort: 40053)
            let first = try await api.get(.endpointSlices, namespace: "kube-system", name: "kube-dns-keelson")
            try await api.ensureClusterDNSService(listenHost: "127.0.0.1", udpPort: 40053, tcpPort: 40053)
            let same = try await api.get(.endpointSlices, namespace: "kube-system", name: "kube-dns-keelson")
            #expect(same.resourceVersion == first.resourceVersion)

            let clusterIP = try await api.ensureClusterDNSService(listenHost: "127.0.0.2", udpPort: 40060, tcpPort: 40061)
            #expect(clusterIP == "127.96.0.10")
            let service = try await api.get(.services, namespace: "kube-system", name: "kube-dns")
            #expect(service[path: "spec", "ports"]?.arrayValue?.map { $0["targetPort"]?.intValue ?? 0 } == [40060, 40061])
            let slice = try await api.get(.endpointSlices, namespace: "kube-system", name: "kube-dns-keelson")
            #expect(slice["endpoints"]?.arrayValue?.first?["addresses"] == ["127.0.0.2"])
            #expect(slice["ports"]?.arrayValue?.map { $0["port"]?.intValue ?? 0 } == [40060, 40061])
            let endpoints = try await api.get(.endpoints, namespace: "kube-system", name: "kube-dns")
            #expect(endpoints[path: "subsets"]?.arrayValue?.first?["ports"]?.arrayValue?.map { $0["port"]?.intValue ?? 0 } == [40060, 40061])
            let services = try await api.list(.services, namespace: "kube-system", labelSelector: [:])
            #expect(services.items.count == 1)
        }
    }
}
