import Foundation
import Testing

extension EndToEnd {
/// Services end to end with the `process` runtime: two replicas of a real HTTP server behind a
/// Service, a client pod that resolves the Service by name through the DNS add-on (its
/// resolv.conf names the kube-dns ClusterIP, which the proxy forwards to the add-on) and reaches
/// both replicas through the ClusterIP and the NodePort; an unready replica stops receiving
/// traffic; scaling updates EndpointSlices, the proxy's rules and DNS.
@Suite("services end to end", .serialized)
struct ServiceRoutingEndToEndTests {
    /// An HTTP server that answers every GET with its pod's name; ready while no marker file
    /// named after the pod exists in `markers`.
    /// (`nodePort` is random so that concurrent clusters on this machine do not collide.)
    static func manifest(markers: String, nodePort: Int) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: echo}
        spec:
          replicas: 2
          selector: {matchLabels: {app: echo}}
          template:
            metadata: {labels: {app: echo}}
            spec:
              terminationGracePeriodSeconds: 2
              containers:
              - name: echo
                image: python:3.12
                command: ["python3", "-c"]
                args:
                - |
                  import http.server, os
                  class Echo(http.server.BaseHTTPRequestHandler):
                      def do_GET(self):
                          body = os.environ["POD_NAME"].encode()
                          self.send_response(200)
                          self.send_header("Content-Length", str(len(body)))
                          self.end_headers()
                          self.wfile.write(body)
                      def log_message(self, *args):
                          pass
                  http.server.ThreadingHTTPServer((os.environ["POD_IP"], 8080), Echo).serve_forever()
                env:
                - name: POD_NAME
                  valueFrom: {fieldRef: {fieldPath: metadata.name}}
                - name: POD_IP
                  valueFrom: {fieldRef: {fieldPath: status.podIP}}
                ports: [{name: http, containerPort: 8080}]
                readinessProbe:
                  exec: {command: ["sh", "-c", "test ! -e \(markers)/$POD_NAME"]}
                  periodSeconds: 1
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo}
        spec:
          type: NodePort
          selector: {app: echo}
          ports: [{name: http, port: 80, targetPort: http, nodePort: \(nodePort)}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: echo-headless}
        spec:
          clusterIP: None
          selector: {app: echo}
          ports: [{name: http, port: 8080}]
        """
    }

    /// A pod that GETs each URL 30 times and prints the URL and the replicas that answered; the
    /// name `echo` is resolved by the C library through the pod's resolv.conf.
    static func client(_ name: String, urls: [String]) -> String {
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name)}
        spec:
          restartPolicy: Never
          containers:
          - name: client
            image: python:3.12
            command: ["python3", "-c"]
            args:
            - |
              import socket, sys, urllib.request
              print("resolved", socket.gethostbyname("echo"), flush=True)
              for url in sys.argv[1:]:
                  seen = set()
                  for _ in range(30):
                      seen.add(urllib.request.urlopen(url, timeout=10).read().decode())
                  print("answered", url, " ".join(sorted(seen)), flush=True)
            \(urls.map { "- \($0)" }.joined(separator: "\n    "))
        """
    }

    @Test func replicasBehindAServiceAreReachedByNameClusterIPAndNodePort() async throws {
        let octet = Int.random(in: 100...199)
        let session = try await KubectlSession.start(extraConfig: """
            network: {podCIDR: 127.\(octet).0.0/16, serviceCIDR: 127.\(octet + 1 > 199 ? 100 : octet + 1).0.0/16}
            nodePools:
              - name: proc
                count: 2
                runtime: {plugin: process}
            """)
        defer { session.stop() }
        let markers = session.directory.appendingPathComponent("unready").path
        try FileManager.default.createDirectory(atPath: markers, withIntermediateDirectories: true)
        try await session.expectSuccess(["apply", "-f", try session.file("echo.yaml", Self.manifest(markers: markers, nodePort: Int.random(in: 30000...32767)))])

        let readyIPs = ["get", "endpointslices", "-l", "kubernetes.io/service-name=echo",
                        "-o", "jsonpath={.items[*].endpoints[?(@.conditions.ready==true)].addresses[0]}"]
        let two = try await session.eventually(readyIPs, timeout: 120) { $0.split(separator: " ").count == 2 }
        let described = two.split(separator: " ").count == 2 ? "" : try await session.kubectl(["describe", "pods"]).output
        #expect(two.split(separator: " ").count == 2, "endpoints: \(two)\n\(described)")
        let clusterIP = try await session.expectSuccess(["get", "svc", "echo", "-o", "jsonpath={.spec.clusterIP}"])
        let nodePort = try await session.expectSuccess(["get", "svc", "echo", "-o", "jsonpath={.spec.ports[0].nodePort}"])
        let pods = try await session.expectSuccess(["get", "pods", "-l", "app=echo", "-o", "jsonpath={.items[*].metadata.name}"])
            .split(separator: " ").map(String.init).sorted()

        // The client pod: the name through DNS and the ClusterIP, then the NodePort.
        let both = try await runClient(session, "client-1", urls: ["http://echo/", "http://127.0.0.1:\(nodePort)/"])
        #expect(both.contains("resolved \(clusterIP)"), "client output: \(both)")
        #expect(both.contains("answered http://echo/ \(pods.joined(separator: " "))"), "client output: \(both)")
        #expect(both.contains("answered http://127.0.0.1:\(nodePort)/ \(pods.joined(separator: " "))"), "client output: \(both)")

        // The test itself reaches the ClusterIP, and the kube-dns ClusterIP answers over UDP and TCP.
        let dnsIP = try await session.expectSuccess(["get", "svc", "-n", "kube-system", "kube-dns", "-o", "jsonpath={.spec.clusterIP}"])
        for transport in ["+notcp", "+tcp"] {
            let answer = try await KeelsonProcess.run("/usr/bin/dig", ["@\(dnsIP)", transport, "+short", "+time=2", "+tries=3",
                                                                      "echo.default.svc.cluster.local"])
            #expect(answer.output.trimmingCharacters(in: .whitespacesAndNewlines) == clusterIP, "dig \(transport): \(answer.output)")
        }
        let (body, status) = try await ProcessRuntimeEndToEndTests.get("http://\(clusterIP)/")
        #expect(status == 200 && pods.contains(body))

        // A replica that turns unready stops receiving traffic.
        let unready = pods[0]
        FileManager.default.createFile(atPath: "\(markers)/\(unready)", contents: nil)
        let one = try await session.eventually(readyIPs) { $0.split(separator: " ").count == 1 }
        #expect(one.split(separator: " ").count == 1)
        let single = try await runClient(session, "client-2", urls: ["http://echo/", "http://127.0.0.1:\(nodePort)/"])
        #expect(single.contains("answered http://echo/ \(pods[1])\n"), "client output: \(single)")
        #expect(single.contains("answered http://127.0.0.1:\(nodePort)/ \(pods[1])"), "client output: \(single)")
        try FileManager.default.removeItem(atPath: "\(markers)/\(unready)")

        // Scaling to three updates endpoints, the proxy's rules and DNS.
        try await session.expectSuccess(["scale", "deployment", "echo", "--replicas=3"])
        let three = try await session.eventually(readyIPs, timeout: 120) { $0.split(separator: " ").count == 3 }
        let addresses = three.split(separator: " ").map(String.init).sorted()
        #expect(addresses.count == 3)
        var rules = ""
        let deadline = Date().addingTimeInterval(30)
        repeat {
            rules = try await KeelsonProcess.keelson(["proxy", "rules", "--kubeconfig", session.kubeconfig]).output
            if addresses.allSatisfy({ rules.contains("\"default/echo:http -> \($0):8080\"") }) { break }
            try await Task.sleep(for: .milliseconds(250))
        } while Date() < deadline
        for address in addresses { #expect(rules.contains("\"default/echo:http -> \(address):8080\""), "rules:\n\(rules)") }
        let restore = try await KeelsonProcess.run("/bin/sh", ["-c", "printf '%s' \"$RULES\" | iptables-restore --test"], environment: ["RULES": rules])
        #expect(restore.status == 0, "iptables-restore --test: \(restore.output)")
        var headless: [String] = []
        let dnsDeadline = Date().addingTimeInterval(30)
        repeat {
            headless = try await KeelsonProcess.run("/usr/bin/dig", ["@\(dnsIP)", "+short", "echo-headless.default.svc.cluster.local"])
                .output.split(separator: "\n").map(String.init).sorted()
            if headless == addresses { break }
            try await Task.sleep(for: .milliseconds(250))
        } while Date() < dnsDeadline
        #expect(headless == addresses)
    }

    /// Runs a client pod to completion and returns its log.
    func runClient(_ session: KubectlSession, _ name: String, urls: [String]) async throws -> String {
        try await session.expectSuccess(["apply", "-f", try session.file("\(name).yaml", Self.client(name, urls: urls))])
        let phase = try await session.eventually(["get", "pod", name, "-o", "jsonpath={.status.phase}"], timeout: 90) {
            $0 == "Succeeded" || $0 == "Failed"
        }
        let logs = try await session.kubectl(["logs", name]).output
        #expect(phase == "Succeeded", "client \(name) ended \(phase): \(logs)")
        return logs
    }
}
}
