import APIServer
import Foundation
import Kernel
import Testing

@Suite("Real kubectl with prune and the newly served kinds")
struct ServedKindsKubectlTests {
    static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    private static func write(_ objects: [JSONValue], to file: String) throws {
        let list: JSONValue = ["apiVersion": "v1", "kind": "List", "items": .array(objects)]
        try Data(list.text.utf8).write(to: URL(fileURLWithPath: file))
    }

    /// `object` labelled app=x.
    private static func labelled(_ object: JSONValue) -> JSONValue {
        var copy = object
        copy[path: "metadata", "labels", "app"] = "x"
        return copy
    }

    @Test("apply --prune -l app=x with kubectl's default prune list deletes the object left out", .enabled(if: hasKubectl))
    func prune() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let cache = directory.path("cache")
        let manifests = directory.path("manifests")
        try FileManager.default.createDirectory(atPath: manifests, withIntermediateDirectories: true)
        try await withServer { api, port in
            func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
                try await kubectlSucceeds(port: port, arguments, cacheDir: cache, sourceLocation: sourceLocation)
            }
            let settings = Self.labelled(configMap("settings"))
            var front = Self.labelled(deployment("front"))
            front[path: "metadata", "labels", "app"] = "x"
            try Self.write([settings], to: "\(manifests)/config.json")
            try Self.write([front], to: "\(manifests)/deployment.json")
            let first = try await run(["apply", "--validate=false", "-f", manifests])
            #expect(first.contains("deployment.apps/front created"), "\(first)")
            #expect(first.contains("configmap/settings created"), "\(first)")

            try FileManager.default.removeItem(atPath: "\(manifests)/deployment.json")
            let second = try await run(["apply", "--validate=false", "-f", manifests, "--prune", "-l", "app=x"])
            #expect(second.contains("deployment.apps/front pruned"), "\(second)")
            #expect(second.contains("configmap/settings unchanged"), "\(second)")
            let gone = await expectAPIError { _ = try await api.get(.deployments, namespace: "default", name: "front") }
            #expect(gone?.code == 404)
            _ = try await api.get(.configMaps, namespace: "default", name: "settings")
        }
    }

    @Test("get all lists the new workloads and get pvc,pv,ds,sts,cj,rc,ing prints them", .enabled(if: hasKubectl))
    func getKinds() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let cache = directory.path("cache")
        try await withServer { api, port in
            func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
                try await kubectlSucceeds(port: port, arguments, cacheDir: cache, sourceLocation: sourceLocation)
            }
            _ = try await api.create(.daemonSets, namespace: "default", object: sampleDaemonSet("agent"))
            _ = try await api.create(.statefulSets, namespace: "default", object: sampleStatefulSet("db"))
            _ = try await api.create(.cronJobs, namespace: "default", object: sampleCronJob("tick"))
            _ = try await api.create(.replicationControllers, namespace: "default", object: sampleReplicationController("legacy"))
            _ = try await api.create(.persistentVolumeClaims, namespace: "default", object: sampleClaim("data"))
            _ = try await api.create(.persistentVolumes, namespace: "", object: sampleVolume("pv-1"))
            _ = try await api.create(.ingresses, namespace: "default", object: sampleIngress("web"))

            let all = try await run(["get", "all", "-o", "name"])
            for expected in ["daemonset.apps/agent", "statefulset.apps/db", "cronjob.batch/tick", "replicationcontroller/legacy"] {
                #expect(all.contains(expected), "missing \(expected) in \(all)")
            }
            #expect(!all.contains("persistentvolumeclaim/"))

            let names = try await run(["get", "pvc,pv,ds,sts,cj,rc,ing", "-o", "name"])
            let lines = Set(names.split(separator: "\n").map(String.init))
            for expected in ["persistentvolumeclaim/data", "persistentvolume/pv-1", "daemonset.apps/agent", "statefulset.apps/db",
                             "cronjob.batch/tick", "replicationcontroller/legacy", "ingress.networking.k8s.io/web"] {
                #expect(lines.contains(expected), "missing \(expected) in \(names)")
            }
            let table = try await run(["get", "pvc,pv,ds,sts,cj,rc,ing"])
            for header in ["VOLUMEATTRIBUTESCLASS", "RECLAIM POLICY", "NODE SELECTOR", "LAST SCHEDULE", "PORTS"] {
                #expect(table.contains(header), "missing \(header) in \(table)")
            }
            #expect(table.contains("Pending"))

            _ = try await run(["scale", "statefulset", "db", "--replicas=4"])
            let scaled = try await api.get(.statefulSets, namespace: "default", name: "db")
            #expect(scaled[path: "spec", "replicas"] == 4)
            _ = try await run(["patch", "cronjob", "tick", "-p", #"{"spec":{"suspend":true}}"#])
            let suspended = try await api.get(.cronJobs, namespace: "default", name: "tick")
            #expect(suspended[path: "spec", "suspend"] == true)
            let wrong = try await kubectl(port: port, ["patch", "cronjob", "tick", "-p", #"{"spec":{"schedule":"every day"}}"#], cacheDir: cache)
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("spec.schedule"), "\(wrong.stderr)")
        }
    }
}
