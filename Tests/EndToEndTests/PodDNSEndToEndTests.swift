import Foundation
import Testing

extension EndToEnd {
/// Cluster DNS wiring end to end: `keelson up` with a DNS add-on publishes it as
/// `kube-system/kube-dns` on the 10th address of the service range, the kubelet gives pods that
/// address with the cluster search path, and the `process` runtime hands the pod its
/// resolv.conf, read back through `kubectl logs`.
@Suite("pod DNS end to end", .serialized)
struct PodDNSEndToEnd {
    static let manifest = """
        apiVersion: v1
        kind: Pod
        metadata: {name: resolver, namespace: shop}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: main
            image: busybox
            command: ["sh", "-c", "cat /etc/resolv.conf; sleep 3600"]
        """

    @Test func podsGetTheKubeDNSServiceAsTheirNameserver() async throws {
        // A service range of its own, so that this cluster's ClusterIPs never meet another's.
        let octet = Int.random(in: 100...199)
        let clusterIP = "127.\(octet).0.10"
        let hostResolv = try String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)
        let session = try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(Int.random(in: 200...250)).0.0/16, serviceCIDR: 127.\(octet).0.0/16}
            nodePools:
              - name: proc
                count: 1
                runtime: {plugin: process}
            """)
        defer { session.stop() }

        // The Service: ClusterIP on the 10th address, 53/UDP and 53/TCP, no selector.
        let service = try await session.expectSuccess(["get", "svc", "-n", "kube-system", "kube-dns"])
        #expect(service.contains(clusterIP), "\(service)")
        #expect(service.contains("53/UDP,53/TCP"), "\(service)")
        let selector = try await session.expectSuccess(["get", "svc", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.spec.selector}"])
        #expect(selector.isEmpty)
        let labels = try await session.expectSuccess(["get", "svc", "-n", "kube-system", "-l", "k8s-app=kube-dns", "-o", "name"])
        #expect(labels.contains("service/kube-dns"))

        // Its EndpointSlice points at the add-on's real listen address and port.
        let listen = try await session.cluster.waitForLine(containing: "DNS (cluster-dns) listening on ")
        let address = String(listen[listen.range(of: "listening on ")!.upperBound...].prefix { $0 != "," })
        let port = String(address.split(separator: ":").last ?? "")
        let slices = try await session.expectSuccess(["get", "endpointslices", "-n", "kube-system"])
        #expect(slices.contains("kube-dns-keelson"), "\(slices)")
        #expect(slices.contains("127.0.0.1"), "\(slices)")
        let slicePorts = try await session.expectSuccess(
            ["get", "endpointslice", "-n", "kube-system", "kube-dns-keelson", "-o", "jsonpath={.ports[*].port} {.metadata.labels.kubernetes\\.io/service-name}"])
        #expect(slicePorts == "\(port) \(port) kube-dns")
        let endpoints = try await session.expectSuccess(["get", "endpoints", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.subsets[0].addresses[0].ip}"])
        #expect(endpoints == "127.0.0.1")

        // A pod reads its resolv.conf: the Service's address, the cluster search path, ndots:5.
        try await session.expectSuccess(["create", "namespace", "shop"])
        let path = try session.file("resolver.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", path])
        let logs = try await session.eventually(["logs", "-n", "shop", "resolver"], timeout: 90) { $0.contains("options") }
        let lines = logs.split(separator: "\n").map(String.init)
        #expect(lines.contains("nameserver \(clusterIP)"), "logs: \(logs)")
        #expect(lines.first { $0.hasPrefix("search ") }?.hasPrefix("search shop.svc.cluster.local svc.cluster.local cluster.local") == true, "logs: \(logs)")
        #expect(lines.contains("options ndots:5"), "logs: \(logs)")
        #expect(lines.filter { $0.hasPrefix("nameserver") }.count == 1, "logs: \(logs)")

        // The host's file is untouched.
        #expect(try String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8) == hostResolv)
        try await session.expectSuccess(["delete", "pod", "-n", "shop", "resolver", "--wait=true", "--timeout=60s"])
    }
}
}
