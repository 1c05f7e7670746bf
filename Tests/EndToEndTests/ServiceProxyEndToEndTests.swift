import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

extension EndToEnd {
/// The service proxy end to end: `keelson up` with the `process` runtime, two replicas of a
/// real HTTP server behind a NodePort Service, reached through the proxy's ClusterIP and node
/// port; a replica that turns unready stops receiving traffic; scaling adds an endpoint.
@Suite("service proxy end to end", .serialized)
struct ServiceProxyEndToEndTests {
    /// Two replicas, each serving its own pod name from `base/<pod>/index.html`, ready while
    /// `base/<pod>/ready` exists; a NodePort Service in front.
    static func manifest(base: String, nodePort: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 2
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: web
                image: python:3.12
                command: ["sh", "-c", "mkdir -p \(base)/$POD_NAME && echo $POD_NAME > \(base)/$POD_NAME/index.html && touch \(base)/$POD_NAME/ready && exec python3 -m http.server --bind $POD_IP --directory \(base)/$POD_NAME 8080"]
                env:
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                readinessProbe:
                  httpGet: {path: /ready, port: 8080}
                  periodSeconds: 1
                  failureThreshold: 1
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: NodePort
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080, nodePort: \(nodePort)}]
        """
    }

    /// The body of one GET over a new connection (nil on any failure).
    static func name(at url: String) async -> String? {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        request.setValue("close", forHTTPHeaderField: "Connection")
        guard let (data, response) = try? await session.data(for: request), (response as? HTTPURLResponse)?.statusCode == 200 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls until `rounds` consecutive GETs of `url` answer exactly the names in `expected`
    /// (every one of them at least once); returns the names last seen.
    static func names(at url: String, until expected: Set<String>, rounds: Int = 40, timeout: TimeInterval = 60) async throws -> Set<String> {
        let deadline = Date().addingTimeInterval(timeout)
        var seen: Set<String> = []
        repeat {
            seen = []
            for _ in 0 ..< rounds {
                if let name = await name(at: url) { seen.insert(name) } else { seen.insert("<failed>") }
            }
            if seen == expected { return seen }
            try await Task.sleep(for: .milliseconds(300))
        } while Date() < deadline
        return seen
    }

    @Test func replicasAreReachedThroughClusterIPAndNodePortAndFollowReadinessAndScale() async throws {
        // Pod and Service ranges of its own, so no other test cluster shares its addresses.
        let octet = Int.random(in: 100...149)
        let nodePort = Int.random(in: 30000...32767)
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-proxy-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let session = try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(octet + 50).0.0/16, serviceCIDR: 127.\(octet).0.0/16}
            nodePools:
              - name: proc
                count: 1
                runtime: {plugin: process}
            """)
        defer { session.stop() }
        let path = try session.file("web.yaml", Self.manifest(base: base, nodePort: nodePort))
        try await session.expectSuccess(["apply", "-f", path])
        let ready = try await session.eventually(["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"], timeout: 90) { $0 == "2" }
        #expect(ready == "2")
        let pods = Set(try await session.expectSuccess(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}"])
            .split(separator: " ").map(String.init))
        #expect(pods.count == 2)
        let clusterIP = try await session.expectSuccess(["get", "service", "web", "-o", "jsonpath={.spec.clusterIP}"])
        #expect(clusterIP.hasPrefix("127.\(octet)."))

        // Both replicas answer through the ClusterIP and through the node port.
        #expect(try await Self.names(at: "http://\(clusterIP)/", until: pods) == pods)
        #expect(try await Self.names(at: "http://127.0.0.1:\(nodePort)/", until: pods) == pods)

        // A replica whose readiness probe fails stops receiving traffic.
        let sorted = pods.sorted()
        try FileManager.default.removeItem(atPath: "\(base)/\(sorted[0])/ready")
        #expect(try await Self.names(at: "http://\(clusterIP)/", until: [sorted[1]]) == [sorted[1]])

        // Ready again and scaled to three: all three answer.
        FileManager.default.createFile(atPath: "\(base)/\(sorted[0])/ready", contents: Data())
        try await session.expectSuccess(["scale", "deployment", "web", "--replicas=3"])
        _ = try await session.eventually(["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"], timeout: 90) { $0 == "3" }
        let three = Set(try await session.expectSuccess(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.name}"])
            .split(separator: " ").map(String.init))
        #expect(three.count == 3)
        #expect(try await Self.names(at: "http://\(clusterIP)/", until: three, rounds: 60) == three)

        try await session.expectSuccess(["delete", "deployment", "web", "--wait=true", "--timeout=60s"])
    }
}
}
