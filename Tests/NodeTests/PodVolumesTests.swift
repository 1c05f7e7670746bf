import Foundation
import Kernel
@testable import Node
import Testing

/// The kubelet's volume manager and Service variables, without a runtime: files written for
/// configMap, secret, downwardAPI and projected volumes, CRI mounts from volumeMounts, FailedMount
/// messages, and Kubernetes' service-link variables.
@Suite struct PodVolumesTests {
    static let objects = FakeEnvironmentObjects(
        configMaps: ["shop/settings": ["mode": "fast", "level": "3"], "shop/kube-root-ca.crt": ["ca.crt": "PEM"]],
        secrets: ["shop/creds": ["password": "s3cret"]])

    static func pod(_ volumes: [JSONValue], mounts: [JSONValue] = []) -> PodView {
        PodView(pod: [
            "metadata": ["name": "web", "namespace": "shop", "uid": .string("uid-\(UUID().uuidString.prefix(8))"), "labels": ["app": "shop"]],
            "spec": ["serviceAccountName": "builder", "volumes": .array(volumes),
                     "containers": [["name": "c", "volumeMounts": .array(mounts)]]],
        ])
    }

    static func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

    @Test func volumesAreWrittenAndMounted() async throws {
        let root = NSTemporaryDirectory() + "keelson-volumes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let requests = RequestLog()
        let tokens = ServiceAccountTokenIssuer { request in
            await requests.add(request)
            return "token-for-\(request.serviceAccount)"
        }
        let pod = Self.pod([
            ["name": "settings", "configMap": ["name": "settings", "items": [["key": "mode", "path": "conf/mode"]]]],
            ["name": "creds", "secret": ["secretName": "creds", "defaultMode": 256]],
            ["name": "scratch", "emptyDir": [:]],
            ["name": "api", "projected": ["sources": [
                ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["fieldPath": "metadata.namespace"]],
                                           ["path": "labels", "fieldRef": ["fieldPath": "metadata.labels"]]]]],
            ]]],
        ], mounts: [
            ["name": "settings", "mountPath": "/etc/app", "readOnly": true],
            ["name": "scratch", "mountPath": "/tmp/work", "subPath": "c"],
        ])
        let volumes = PodVolumes(root: root)
        let paths = try await volumes.setUp(pod, source: VolumeSource(pod: pod, objects: Self.objects, tokens: tokens))
        let settings = try #require(paths["settings"])
        #expect(Self.read("\(settings)/conf/mode") == "fast")
        #expect(Self.read("\(settings)/level") == nil)
        let creds = try #require(paths["creds"])
        #expect(Self.read("\(creds)/password") == "s3cret")
        let mode = try FileManager.default.attributesOfItem(atPath: "\(creds)/password")[.posixPermissions] as? Int
        #expect(mode == 0o400)
        let api = try #require(paths["api"])
        #expect(Self.read("\(api)/token") == "token-for-builder")
        #expect(Self.read("\(api)/ca.crt") == "PEM")
        #expect(Self.read("\(api)/namespace") == "shop")
        #expect(Self.read("\(api)/labels") == "app=\"shop\"")
        #expect(await requests.all.first?.podName == "web")
        #expect(await requests.all.first?.expirationSeconds == 3607)

        let container = ContainerSpec(json: try #require(pod.spec["containers"]?.arrayValue?.first), index: 0, isInit: false)
        #expect(try PodVolumes.mounts(of: container, volumes: paths) == [
            ["containerPath": "/etc/app", "hostPath": .string(settings), "readonly": true],
            ["containerPath": "/tmp/work", "hostPath": .string("\(paths["scratch"]!)/c"), "readonly": false],
        ])
        volumes.tearDown(podUID: pod.uid)
        #expect(!FileManager.default.fileExists(atPath: "\(root)/\(pod.uid)"))
    }

    @Test func aMissingObjectFailsTheMountUnlessOptional() async throws {
        let root = NSTemporaryDirectory() + "keelson-volumes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let optional = Self.pod([["name": "maybe", "configMap": ["name": "absent", "optional": true]]])
        _ = try await PodVolumes(root: root).setUp(optional, source: VolumeSource(pod: optional, objects: Self.objects, tokens: nil))
        let required = Self.pod([["name": "needed", "secret": ["secretName": "absent"]]])
        await #expect {
            _ = try await PodVolumes(root: root).setUp(required, source: VolumeSource(pod: required, objects: Self.objects, tokens: nil))
        } throws: { error in
            "\(error)" == "MountVolume.SetUp failed for volume \"needed\" : secret \"absent\" not found"
        }
    }

    @Test func serviceLinksFollowKubernetes() {
        let service: JSONValue = ["metadata": ["name": "my-svc"], "spec": ["clusterIP": "10.0.0.11", "ports": [
            ["name": "http", "port": 80, "protocol": "TCP"], ["name": "dns", "port": 53, "protocol": "UDP"]]]]
        let headless: JSONValue = ["metadata": ["name": "peers"], "spec": ["clusterIP": "None", "ports": [["port": 80]]]]
        let master: JSONValue = ["metadata": ["name": "kubernetes"], "spec": ["clusterIP": "10.0.0.1", "ports": [["name": "https", "port": 443]]]]
        let pod = Self.pod([])
        let variables = ServiceEnvironment.variables(for: ServiceEnvironment.relevant(pod: pod, namespaceServices: [service, headless], masterService: master))
        let map = Dictionary(variables, uniquingKeysWith: { first, _ in first })
        #expect(map["KUBERNETES_SERVICE_HOST"] == "10.0.0.1")
        #expect(map["KUBERNETES_SERVICE_PORT_HTTPS"] == "443")
        #expect(map["MY_SVC_SERVICE_HOST"] == "10.0.0.11")
        #expect(map["MY_SVC_SERVICE_PORT"] == "80")
        #expect(map["MY_SVC_SERVICE_PORT_DNS"] == "53")
        #expect(map["MY_SVC_PORT"] == "tcp://10.0.0.11:80")
        #expect(map["MY_SVC_PORT_53_UDP"] == "udp://10.0.0.11:53")
        #expect(map["MY_SVC_PORT_53_UDP_ADDR"] == "10.0.0.11")
        #expect(map["PEERS_SERVICE_HOST"] == nil)
        // enableServiceLinks: false leaves only the master service.
        let quiet = PodView(pod: ["metadata": ["namespace": "shop"], "spec": ["enableServiceLinks": false]])
        let only = ServiceEnvironment.relevant(pod: quiet, namespaceServices: [service], masterService: master)
        #expect(only.compactMap(\.name) == ["kubernetes"])
    }
}

/// The token requests an issuer saw.
actor RequestLog {
    private(set) var all: [ServiceAccountTokenIssuer.Request] = []
    func add(_ request: ServiceAccountTokenIssuer.Request) { all.append(request) }
}
