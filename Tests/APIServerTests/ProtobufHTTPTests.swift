@testable import APIServer
import Foundation
import Kernel
import Testing

/// A Deployment as kubectl's protobuf encoder writes it, with Kubernetes' field numbers:
/// replicas 0 (a pointer, so kept), a label selector, a pod template with one container, its
/// port and resource quantities, and the zero non-pointer fields the encoder always writes.
private func deploymentBody(namespace: String = "") -> [UInt8] {
    ProtoWriter.object(apiVersion: "apps/v1", kind: "Deployment") { deployment in
        deployment.objectMeta(1, name: "web", namespace: namespace, labels: [("app", "web")])
        deployment.message(2) { spec in
            spec.int(1, 0)                                          // replicas
            spec.message(2) { $0.entry(1, "app", "web") }           // selector.matchLabels
            spec.message(3) { template in                           // template
                template.objectMeta(1, name: "", labels: [("app", "web")])
                template.message(2) { pod in                        // PodSpec
                    pod.message(2) { container in                   // containers
                        container.string(1, "nginx")
                        container.string(2, "nginx:1.25")
                        container.message(6) { port in              // ports
                            port.string(1, "")
                            port.int(2, 0)
                            port.int(3, 80)
                            port.string(4, "TCP")
                            port.string(5, "")
                        }
                        container.message(8) { resources in        // resources
                            resources.quantityEntry(1, "cpu", "500m")
                            resources.quantityEntry(2, "memory", "64Mi")
                        }
                        container.string(5, "")                     // workingDir
                        container.string(13, "")                    // terminationMessagePath
                        container.string(14, "")                    // imagePullPolicy
                        container.bool(16, false)                   // stdin
                        container.bool(17, false)                   // stdinOnce
                        container.bool(18, false)                   // tty
                        container.string(20, "")                    // terminationMessagePolicy
                    }
                    pod.string(3, "")                               // restartPolicy
                    pod.string(6, "")                               // dnsPolicy
                    pod.string(8, "")                               // serviceAccountName
                    pod.string(9, "")                               // serviceAccount (deprecated)
                    pod.string(10, "")                              // nodeName
                    pod.bool(11, false)                             // hostNetwork
                    pod.bool(12, false)                             // hostPID
                    pod.bool(13, false)                             // hostIPC
                    pod.string(16, "")                              // hostname
                    pod.string(17, "")                              // subdomain
                    pod.string(19, "")                              // schedulerName
                    pod.string(24, "")                              // priorityClassName
                }
            }
            spec.message(4) { _ in }                                // strategy (not a pointer: always written)
            spec.int(5, 0)                                          // minReadySeconds
            spec.bool(7, false)                                     // paused
        }
        deployment.message(3) { status in                           // status, all zero
            status.int(1, 0); status.int(2, 0); status.int(3, 0); status.int(4, 0); status.int(5, 0); status.int(7, 0)
        }
    }
}

@Suite("Protobuf and YAML request bodies over HTTP")
struct ProtobufHTTPTests {
    @Test("a Deployment converts with the server's own definitions: pointer zero kept, quantities, nested template")
    func deploymentConversion() throws {
        let object = try ProtobufRequestBody.decode(deploymentBody())
        #expect(object == [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "labels": ["app": "web"]],
            "spec": [
                "replicas": 0,
                "selector": ["matchLabels": ["app": "web"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": ["containers": [[
                        "name": "nginx", "image": "nginx:1.25",
                        "ports": [["containerPort": 80, "protocol": "TCP"]],
                        "resources": ["limits": ["cpu": "500m"], "requests": ["memory": "64Mi"]],
                    ]]],
                ],
                "strategy": [:],
            ],
            "status": [:],
        ])
    }

    @Test("POST with Content-Type protobuf creates the object and answers JSON, even when the client prefers protobuf")
    func postProtobuf() async throws {
        try await withServer { api, port in
            let reply = try await RawHTTP.send(port: port, "POST", "/apis/apps/v1/namespaces/default/deployments",
                                               body: Data(deploymentBody(namespace: "default")),
                                               headers: ["Content-Type": "application/vnd.kubernetes.protobuf",
                                                         "Accept": "application/vnd.kubernetes.protobuf, */*"])
            #expect(reply.status == 201, "\(reply.text)")
            #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(reply.json?[path: "spec", "replicas"] == 0)
            let stored = try await api.get(.deployments, namespace: "default", name: "web")
            // Requests default to the limits, as in Kubernetes.
            #expect(stored[path: "spec", "template", "spec", "containers"]?.arrayValue?.first?["resources"] == ["limits": ["cpu": "500m"], "requests": ["cpu": "500m", "memory": "64Mi"]])

            // A typed client's DELETE carries protobuf DeleteOptions in the resource's group version.
            let options = ProtoWriter.object(apiVersion: "apps/v1", kind: "DeleteOptions") { $0.string(4, "Background"); $0.string(5, "All") }
            let dryRunDelete = try await RawHTTP.send(port: port, "DELETE", "/apis/apps/v1/namespaces/default/deployments/web", body: Data(options),
                                                      headers: ["Content-Type": "application/vnd.kubernetes.protobuf"])
            #expect(dryRunDelete.status == 200, "\(dryRunDelete.text)")
            #expect(try await api.get(.deployments, namespace: "default", name: "web").name == "web")

            let bad = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps", body: Data([0x6B, 0x38, 0x73, 0x00, 0x0A, 0x09]),
                                             headers: ["Content-Type": "application/vnd.kubernetes.protobuf"])
            expectStatus(bad, 400, "BadRequest")
        }
    }

    @Test("POST with Content-Type application/yaml: one mapping is created; several documents or a list are 400")
    func postYAML() async throws {
        try await withServer { api, port in
            let yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  greeting: hello\n  count: \"3\"\n"
            let reply = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps", body: Data(yaml.utf8),
                                               headers: ["Content-Type": "application/yaml"])
            #expect(reply.status == 201, "\(reply.text)")
            let stored = try await api.get(.configMaps, namespace: "default", name: "from-yaml")
            #expect(stored["data"] == ["greeting": "hello", "count": "3"])

            let twoDocuments = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps", body: Data((yaml + "---\n" + yaml).utf8),
                                                      headers: ["Content-Type": "application/yaml"])
            expectStatus(twoDocuments, 400, "BadRequest")
            let list = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps", body: Data("- a\n- b\n".utf8),
                                              headers: ["Content-Type": "application/yaml"])
            expectStatus(list, 400, "BadRequest")
            let broken = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps", body: Data("a: [1\n".utf8),
                                                headers: ["Content-Type": "application/yaml"])
            expectStatus(broken, 400, "BadRequest")
        }
    }
}
