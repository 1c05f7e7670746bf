import APIServer
import Controllers
import Foundation
import Kernel
import Testing

@Suite("ReplicaSet controller")
struct WorkloadReplicaSetTests {
    typealias T = WorkloadTesting

    func orphan(_ name: String, labels: [String: String]) -> JSONValue {
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)],
            "spec": ["containers": [["name": "main", "image": "nginx:1.25"]]],
        ]
        pod.labels = labels
        return pod
    }

    @Test("a ReplicaSet adopts a matching orphan and creates only the rest")
    func adoptsOrphan() async throws {
        try await T.withCluster { api in
            let orphan = try await api.create(.pods, namespace: "default", object: orphan("stray", labels: ["app": "cache"]))
            let unrelated = try await api.create(.pods, namespace: "default", object: self.orphan("bystander", labels: ["app": "other"]))
            let rs = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("cache", replicas: 2, labels: ["app": "cache"]))

            let pods = try await T.eventually("2 pods owned by the ReplicaSet") { () -> [JSONValue]? in
                let pods = try await T.list(api, .pods, labels: ["app": "cache"])
                return pods.count == 2 && pods.allSatisfy({ $0.controllerReference?.uid == rs.uid }) ? pods : nil
            }
            let adopted = try #require(pods.first { $0.uid == orphan.uid })
            #expect(adopted.ownerReferences == [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "cache", uid: try #require(rs.uid))])
            #expect(pods.contains { $0.name?.hasPrefix("cache-") == true })
            let bystander = try await api.get(.pods, namespace: "default", name: "bystander")
            #expect(bystander.ownerReferences.isEmpty)
            #expect(bystander.uid == unrelated.uid)

            let status = try await T.eventually("status replicas 2") { () -> JSONValue? in
                let current = try await api.get(.replicaSets, namespace: "default", name: "cache")
                return current[path: "status", "replicas"]?.intValue == 2 ? Optional(current) : nil
            }
            #expect(status[path: "status", "fullyLabeledReplicas"]?.intValue == 2)
            #expect(status[path: "status", "observedGeneration"]?.intValue == 1)
        }
    }

    @Test("a pod whose labels stop matching is released and replaced")
    func releasesPod() async throws {
        try await T.withCluster { api in
            let rs = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("cache", replicas: 2, labels: ["app": "cache"]))
            let pods = try await T.eventually("2 pods") { () -> [JSONValue]? in
                let pods = try await T.list(api, .pods, labels: ["app": "cache"])
                return pods.count == 2 ? pods : nil
            }
            let leaver = try #require(pods.first?.name)
            try await T.modify(api, .pods, leaver) { $0.labels = ["app": "debug"] }
            try await T.eventually("released pod and a replacement") { () -> Bool? in
                let released = try await api.get(.pods, namespace: "default", name: leaver)
                let owned = try await T.list(api, .pods, labels: ["app": "cache"]).filter { $0.controllerReference?.uid == rs.uid }
                return released.ownerReferences.isEmpty && owned.count == 2 ? true : nil
            }
        }
    }

    @Test("scaling down removes unscheduled pods first, then not-ready ones")
    func scaleDownRanking() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("rank", replicas: 4, labels: ["app": "rank"]))
            let pods = try await T.eventually("4 pods") { () -> [JSONValue]? in
                let pods = try await T.list(api, .pods, labels: ["app": "rank"])
                return pods.count == 4 ? pods : nil
            }
            // Two pods Ready, one scheduled but not Ready, one never scheduled.
            // (The not-ready one is written first: seeing the Ready ones implies seeing it.)
            try await T.setPodState(api, pods[2], ip: "127.244.0.12", ready: false)
            try await T.setPodState(api, pods[0], ip: "127.244.0.10", ready: true)
            try await T.setPodState(api, pods[1], ip: "127.244.0.11", ready: true)
            try await T.eventually("the controller to see both Ready pods") { () -> Bool? in
                let rs = try await api.get(.replicaSets, namespace: "default", name: "rank")
                return rs[path: "status", "readyReplicas"]?.intValue == 2 ? true : nil
            }

            try await T.modify(api, .replicaSets, "rank") { $0[path: "spec", "replicas"] = 3 }
            try await T.eventually("the unscheduled pod deleted") { () -> Bool? in
                let names = Set(try await T.list(api, .pods, labels: ["app": "rank"]).compactMap(\.name))
                return names == Set(pods[0...2].compactMap(\.name)) ? true : nil
            }
            try await T.modify(api, .replicaSets, "rank") { $0[path: "spec", "replicas"] = 2 }
            try await T.eventually("the not-ready pod deleted") { () -> Bool? in
                // A bound pod is deleted gracefully: it stays, marked, until its kubelet is done.
                let names = Set(try await T.list(api, .pods, labels: ["app": "rank"]).filter { !$0.isBeingDeleted }.compactMap(\.name))
                return names == Set(pods[0...1].compactMap(\.name)) ? true : nil
            }
        }
    }

    @Test("a ReplicaSet of 20 creates exactly 20 pods, no duplicates")
    func noDuplicateBurst() async throws {
        try await T.withCluster { api in
            let start = try await api.list(.pods, namespace: "default", labelSelector: [:]).resourceVersion
            _ = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("burst", replicas: 20, labels: ["app": "burst"]))
            try await T.eventually("status replicas 20") { () -> Bool? in
                let rs = try await api.get(.replicaSets, namespace: "default", name: "burst")
                return rs[path: "status", "replicas"]?.intValue == 20 ? true : nil
            }
            // Every pod write since the start, up to a marker pod created now: exactly 20
            // creations and no deletion.
            let marker = try await api.create(.pods, namespace: "default", object: orphan("marker", labels: ["app": "marker"]))
            let stream = try await api.watch(.pods, namespace: "default", fromRevision: start)
            var added = 0
            var deleted = 0
            for try await event in stream {
                if event.object.uid == marker.uid { break }
                if event.type == "ADDED" { added += 1 }
                if event.type == "DELETED" { deleted += 1 }
            }
            #expect(added == 20)
            #expect(deleted == 0)
            #expect(try await T.list(api, .pods, labels: ["app": "burst"]).count == 20)
        }
    }

    @Test("deleting a ReplicaSet deletes its pods but not adopted-elsewhere ones")
    func cascadesDeletion() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("gone", replicas: 3, labels: ["app": "gone"]))
            _ = try await api.create(.replicaSets, namespace: "default", object: T.replicaSet("stays", replicas: 1, labels: ["app": "stays"]))
            try await T.eventually("4 pods") { () -> Bool? in
                try await T.list(api, .pods).count == 4 ? true : nil
            }
            _ = try await api.delete(.replicaSets, namespace: "default", name: "gone")
            try await T.eventually("pods of the deleted ReplicaSet gone") { () -> Bool? in
                try await T.list(api, .pods, labels: ["app": "gone"]).isEmpty ? true : nil
            }
            #expect(try await T.list(api, .pods, labels: ["app": "stays"]).count == 1)
        }
    }
}
