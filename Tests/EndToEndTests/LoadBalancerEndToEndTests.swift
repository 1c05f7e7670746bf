import Foundation
import Kernel
import Testing

extension EndToEnd {
/// LoadBalancer Services and cloud instances as a kubectl user sees them, against the real
/// `keelson up` with each in-tree cloud provider: the local provider's address really carries
/// an HTTP request to a `process`-runtime pod; skyline hands out a host name and stratus an IP;
/// deleting an instance through the `kube-system/cloud-inventory` ConfigMap deletes its Node.
@Suite("Load balancers end to end", .serialized)
struct LoadBalancerEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    /// A `python3 -m http.server` Deployment behind a LoadBalancer Service on `port`.
    static func manifest(port: Int, nodePort: Int) -> String {
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
              terminationGracePeriodSeconds: 1
              containers:
              - name: web
                image: python:3.12
                command: ["python3", "-m", "http.server", "--bind", "$(POD_IP)", "8080"]
                env:
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                ports: [{name: http, containerPort: 8080}]
                readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          type: LoadBalancer
          selector: {app: web}
          ports: [{name: http, port: \(port), targetPort: http, nodePort: \(nodePort)}]
        """
    }

    /// A cluster of two process-runtime nodes on the given cloud, its ranges picked at random so
    /// that concurrent clusters on this machine do not collide.
    static func start(cloud: String, cloudConfig: String = "{}") async throws -> KubectlSession {
        let octet = Int.random(in: 100...199)
        return try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(octet).0.0/16, serviceCIDR: 127.\(octet + 1 > 199 ? 100 : octet + 1).0.0/16}
            nodePools: [{name: proc, count: 2, runtime: {plugin: process}}]
            kubelet: {nodeStatusUpdateFrequency: 250ms}
            controllerManager: {nodeMonitorPeriod: 200ms, nodeMonitorGracePeriod: 3s}
            cloudProvider: {plugin: \(cloud), config: \(cloudConfig)}
            """)
    }

    /// The Service's first ingress entry once it has one.
    static func ingress(_ session: KubectlSession) async throws -> JSONValue {
        var found: JSONValue?
        try await EndToEnd.waitFor("web to get an ingress") {
            let status = try await session.kubectl(["get", "svc", "web", "-o", "jsonpath={.status.loadBalancer}"]).output
            found = (try? JSONValue(parsing: Data(status.utf8)))?["ingress"]?.arrayValue?.first
            return found != nil
        }
        return try #require(found)
    }

    /// The HTTP status a GET of `url` answers, through Python's urllib (nil when it fails).
    static func get(_ url: String) async throws -> String {
        let script = "import urllib.request; print(urllib.request.urlopen('\(url)', timeout=5).status)"
        return try await KeelsonProcess.run("/usr/bin/python3", ["-c", script]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: hasKubectl)) func aLocalLoadBalancerCarriesHTTPToAProcessPod() async throws {
        let pool = Int.random(in: 20...99)
        let session = try await Self.start(cloud: "local", cloudConfig: "{loadBalancerRange: 127.0.\(pool).0/28, nodeAddressRange: 127.1.\(pool).0/24}")
        defer { session.stop() }
        let port = Int.random(in: 20000...29999)
        try await session.expectSuccess(["apply", "-f", try session.file("web.yaml", Self.manifest(port: port, nodePort: Int.random(in: 30000...32767)))])
        let ingress = try await Self.ingress(session)
        let ip = try #require(ingress["ip"]?.stringValue)
        #expect(ip.hasPrefix("127.0.\(pool)."))
        #expect(ingress["ipMode"] == "Proxy")
        let external = try await session.expectSuccess(["get", "svc", "web", "--no-headers"])
        #expect(external.contains(ip), "\(external)")
        try await EndToEnd.waitFor("two ready web pods") {
            try await session.kubectl(["get", "pods", "-l", "app=web", "--no-headers"]).output.components(separatedBy: "1/1").count == 3
        }
        var answer = ""
        try await EndToEnd.waitFor("an HTTP answer from http://\(ip):\(port)/") {
            answer = try await Self.get("http://\(ip):\(port)/")
            return answer == "200"
        }
        #expect(answer == "200")
        let events = try await session.expectSuccess(["get", "events", "--field-selector", "involvedObject.name=web,involvedObject.kind=Service"])
        #expect(events.contains("EnsuredLoadBalancer"), "\(events)")

        try await session.expectSuccess(["delete", "svc", "web", "--timeout=60s"])
        #expect(try await Self.get("http://\(ip):\(port)/") != "200")
    }

    @Test(.enabled(if: hasKubectl)) func skylineHandsOutHostNamesAndDeletesNodesOfDeletedInstances() async throws {
        let session = try await Self.start(cloud: "skyline", cloudConfig: "{nodeAddressRange: 127.2.\(Int.random(in: 0...255)).0/24}")
        defer { session.stop() }
        try await session.expectSuccess(["apply", "-f", try session.file("web.yaml", Self.manifest(port: 80, nodePort: Int.random(in: 30000...32767)))])
        let hostname = try #require(try await Self.ingress(session)["hostname"]?.stringValue)
        #expect(hostname.hasSuffix(".us-east-1.elb.skyline.example"), "\(hostname)")
        let zones = try await session.expectSuccess(["get", "nodes", "-o", "jsonpath={.items[*].metadata.labels.topology\\.kubernetes\\.io/zone}"])
        #expect(zones.split(separator: " ").allSatisfy { ["us-east-1a", "us-east-1b", "us-east-1c"].contains(String($0)) }, "\(zones)")

        try await session.expectSuccess(["create", "configmap", "cloud-inventory", "-n", "kube-system", "--from-literal=deleted=proc-2"])
        try await EndToEnd.waitFor("node proc-2 to be deleted") {
            let nodes = try await session.kubectl(["get", "nodes", "--no-headers"]).output
            return nodes.contains("proc-1") && !nodes.contains("proc-2")
        }
        let events = try await session.expectSuccess(["get", "events", "--field-selector", "reason=DeletingNode"])
        #expect(events.contains("Deleting node proc-2 because it does not exist in the cloud provider"), "\(events)")
    }

    @Test(.enabled(if: hasKubectl)) func stratusHandsOutIPs() async throws {
        let session = try await Self.start(cloud: "stratus", cloudConfig: "{nodeAddressRange: 127.3.\(Int.random(in: 0...255)).0/24}")
        defer { session.stop() }
        try await session.expectSuccess(["apply", "-f", try session.file("web.yaml", Self.manifest(port: 80, nodePort: Int.random(in: 30000...32767)))])
        let ip = try #require(try await Self.ingress(session)["ip"]?.stringValue)
        #expect(ip.hasPrefix("198.51.100."), "\(ip)")
        let providerIDs = try await session.expectSuccess(["get", "nodes", "-o", "jsonpath={.items[*].spec.providerID}"])
        #expect(providerIDs.contains("stratus://keelson-project/europe-west1-"), "\(providerIDs)")
    }
}
}
