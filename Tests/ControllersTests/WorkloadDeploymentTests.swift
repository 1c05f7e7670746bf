import APIServer
import Controllers
import Foundation
import Kernel
import Testing

@Suite("Deployment controller")
struct WorkloadDeploymentTests {
    typealias T = WorkloadTesting

    static func image(_ object: JSONValue?, template: Bool = false) -> String? {
        let spec = template ? object?[path: "spec", "template", "spec"] : object?["spec"]
        return spec?["containers"]?.arrayValue?.first?["image"]?.stringValue
    }

    /// Waits until the deployment's ReplicaSets and pods settle: exactly one ReplicaSet with
    /// replicas > 0 (returned), running `image`, whose pods number `replicas` and run `image`.
    @discardableResult
    func settled(_ api: ClusterAPI, _ name: String, replicas: Int64, labels: [String: String], image: String = "nginx:1.25") async throws -> (rs: JSONValue, pods: [JSONValue]) {
        try await T.eventually("\(name) to settle at \(replicas) pods of \(image)") { () -> (JSONValue, [JSONValue])? in
            let sets = try await T.list(api, .replicaSets).filter { $0.controllerReference?.name == name }
            let active = sets.filter { ($0[path: "spec", "replicas"]?.intValue ?? 0) > 0 || replicas == 0 }
            guard active.count == 1, let current = active.first, Self.image(current, template: true) == image,
                current[path: "spec", "replicas"]?.intValue == replicas,
                sets.allSatisfy({ $0.uid == current.uid || $0[path: "spec", "replicas"]?.intValue == 0 })
            else { return nil }
            let pods = try await T.list(api, .pods, labels: labels)
            guard pods.count == Int(replicas), pods.allSatisfy({ $0.controllerReference?.uid == current.uid && Self.image($0) == image }) else { return nil }
            return (current, pods)
        }
    }

    @Test("a Deployment of 3 yields one ReplicaSet and 3 pods, owned and labelled")
    func createsReplicaSetAndPods() async throws {
        try await T.withCluster { api in
            let deployment = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 3, labels: ["app": "web"]))
            let (rs, pods) = try await settled(api, "web", replicas: 3, labels: ["app": "web"])

            let hash = try #require(rs.labels[PodTemplateHash.label])
            #expect(hash.count >= 8)
            #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
            #expect(rs.name == "web-\(hash)")
            #expect(rs.labels["app"] == "web")
            #expect(rs[path: "spec", "selector", "matchLabels", PodTemplateHash.label]?.stringValue == hash)
            #expect(rs[path: "spec", "template", "metadata", "labels", PodTemplateHash.label]?.stringValue == hash)
            #expect(rs.annotations["deployment.kubernetes.io/revision"] == "1")
            #expect(rs.annotations["deployment.kubernetes.io/desired-replicas"] == "3")
            let rsOwner = try #require(rs.ownerReferences.first)
            #expect(rs.ownerReferences.count == 1)
            #expect(rsOwner == OwnerReference(apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: try #require(deployment.uid), controller: true, blockOwnerDeletion: true))

            #expect(Set(pods.compactMap(\.name)).count == 3)
            for pod in pods {
                #expect(pod.name?.hasPrefix("web-\(hash)-") == true)
                #expect(pod.labels == ["app": "web", PodTemplateHash.label: hash])
                #expect(pod.ownerReferences == [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: try #require(rs.name), uid: try #require(rs.uid))])
                #expect(pod[path: "spec", "containers"]?.arrayValue?.first?["image"]?.stringValue == "nginx:1.25")
            }

            // Status: the pods are not Ready (no kubelet here), so not yet Available.
            let status = try await T.eventually("deployment status") { () -> JSONValue? in
                let current = try await api.get(.deployments, namespace: "default", name: "web")
                guard current[path: "status", "replicas"]?.intValue == 3, current[path: "status", "observedGeneration"]?.intValue == current.generation else { return nil }
                return current
            }
            #expect(status[path: "status", "updatedReplicas"]?.intValue == 3)
            #expect(status[path: "status", "readyReplicas"] == nil)
            #expect(status[path: "status", "unavailableReplicas"]?.intValue == 3)
            #expect(status.statusCondition("Available")?["status"]?.stringValue == "False")
            #expect(status.statusCondition("Progressing")?["status"]?.stringValue == "True")
            #expect(status.annotations["deployment.kubernetes.io/revision"] == "1")

            // What `kubectl describe` shows: the scaling and the pod creations as Events.
            try await T.eventually("events") { () -> Bool? in
                let events = try await T.list(api, .events)
                let scaled = events.contains {
                    $0["reason"] == "ScalingReplicaSet" && $0[path: "involvedObject", "name"] == "web"
                        && $0["message"]?.stringValue == "Scaled up replica set \(rs.name ?? "") from 0 to 3"
                }
                let created = events.filter { $0["reason"] == "SuccessfulCreate" && $0[path: "involvedObject", "kind"] == "ReplicaSet" }.count
                return scaled && created == 3 ? true : nil
            }
        }
    }

    @Test("ready pods make the Deployment Available and complete")
    func becomesAvailable() async throws {
        try await T.withCluster { api in
            let kubelet = Task { await T.fakeKubelet(api) }
            defer { kubelet.cancel() }
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("api", replicas: 2, labels: ["app": "api"]))
            let status = try await T.eventually("api available") { () -> JSONValue? in
                let current = try await api.get(.deployments, namespace: "default", name: "api")
                guard current[path: "status", "availableReplicas"]?.intValue == 2,
                    current.statusCondition("Progressing")?["reason"]?.stringValue == "NewReplicaSetAvailable"
                else { return nil }
                return current
            }
            #expect(status[path: "status", "readyReplicas"]?.intValue == 2)
            #expect(status[path: "status", "updatedReplicas"]?.intValue == 2)
            #expect(status[path: "status", "unavailableReplicas"] == nil)
            #expect(status.statusCondition("Available")?["reason"]?.stringValue == "MinimumReplicasAvailable")
            let message = status.statusCondition("Progressing")?["message"]?.stringValue ?? ""
            #expect(message.hasPrefix("ReplicaSet \"api-") && message.hasSuffix("\" has successfully progressed."))
        }
    }

    @Test("scaling to 5 and back to 1 resizes the same ReplicaSet")
    func scales() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 3, labels: ["app": "web"]))
            let first = try await settled(api, "web", replicas: 3, labels: ["app": "web"])

            try await T.modify(api, .deployments, "web") { $0[path: "spec", "replicas"] = 5 }
            let up = try await settled(api, "web", replicas: 5, labels: ["app": "web"])
            #expect(up.rs.uid == first.rs.uid)
            #expect(Set(first.pods.compactMap(\.uid)).isSubset(of: Set(up.pods.compactMap(\.uid))))

            try await T.modify(api, .deployments, "web") { $0[path: "spec", "replicas"] = 1 }
            let down = try await settled(api, "web", replicas: 1, labels: ["app": "web"])
            #expect(down.rs.uid == first.rs.uid)
            #expect(try await T.list(api, .replicaSets).count == 1)
            try await T.eventually("status of 1 replica") { () -> Bool? in
                let current = try await api.get(.deployments, namespace: "default", name: "web")
                return current[path: "status", "replicas"]?.intValue == 1 ? true : nil
            }
        }
    }

    @Test("a new template rolls over to a new ReplicaSet and scales the old one to 0")
    func rollingUpdate() async throws {
        try await T.withCluster { api in
            let kubelet = Task { await T.fakeKubelet(api) }
            defer { kubelet.cancel() }
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 3, labels: ["app": "web"]))
            let before = try await settled(api, "web", replicas: 3, labels: ["app": "web"])

            try await T.modify(api, .deployments, "web") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": "nginx:1.27"]]
            }
            let after = try await settled(api, "web", replicas: 3, labels: ["app": "web"], image: "nginx:1.27")
            #expect(after.rs.uid != before.rs.uid)
            #expect(after.rs.annotations["deployment.kubernetes.io/revision"] == "2")
            #expect(after.pods.allSatisfy { $0[path: "spec", "containers"]?.arrayValue?.first?["image"]?.stringValue == "nginx:1.27" })
            let old = try await api.get(.replicaSets, namespace: "default", name: try #require(before.rs.name))
            #expect(old[path: "spec", "replicas"]?.intValue == 0)
            #expect(old.annotations["deployment.kubernetes.io/revision"] == "1")
            try await T.eventually("deployment revision 2 and complete") { () -> Bool? in
                let current = try await api.get(.deployments, namespace: "default", name: "web")
                guard current.annotations["deployment.kubernetes.io/revision"] == "2",
                    current[path: "status", "updatedReplicas"]?.intValue == 3,
                    current[path: "status", "replicas"]?.intValue == 3,
                    current[path: "status", "availableReplicas"]?.intValue == 3
                else { return nil }
                return true
            }

            // Rolling back to the first template reuses the first ReplicaSet as revision 3. The
            // template comes back as `kubectl rollout undo` writes it: the ReplicaSet's, without
            // its hash label, with "creationTimestamp": null from kubectl's serialization.
            var undone = before.rs[path: "spec", "template"] ?? [:]
            var undoneLabels = undone.labels
            undoneLabels[PodTemplateHash.label] = nil
            undone.labels = undoneLabels
            undone[path: "metadata", "creationTimestamp"] = JSONValue.null
            try await T.modify(api, .deployments, "web") { $0[path: "spec", "template"] = undone }
            let back = try await settled(api, "web", replicas: 3, labels: ["app": "web"])
            #expect(back.rs.uid == before.rs.uid)
            #expect(back.rs.annotations["deployment.kubernetes.io/revision"] == "3")
        }
    }

    @Test("a Recreate rollout scales the old ReplicaSet to 0 before the new one starts")
    func recreate() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("db", replicas: 2, labels: ["app": "db"], strategy: ["type": "Recreate"]))
            let before = try await settled(api, "db", replicas: 2, labels: ["app": "db"])
            try await T.modify(api, .deployments, "db") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": "postgres:17"]]
            }
            let after = try await settled(api, "db", replicas: 2, labels: ["app": "db"], image: "postgres:17")
            #expect(after.rs.uid != before.rs.uid)
            let old = try await api.get(.replicaSets, namespace: "default", name: try #require(before.rs.name))
            #expect(old[path: "spec", "replicas"]?.intValue == 0)
            #expect(after.pods.allSatisfy { $0.controllerReference?.uid == after.rs.uid })
        }
    }

    @Test("a paused Deployment starts no rollout until it is resumed")
    func pauseAndResume() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 2, labels: ["app": "web"], strategy: ["type": "Recreate"]))
            let before = try await settled(api, "web", replicas: 2, labels: ["app": "web"])
            try await T.modify(api, .deployments, "web") { $0[path: "spec", "paused"] = true }
            let changed = try await T.modify(api, .deployments, "web") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": "nginx:1.27"]]
            }
            try await T.eventually("the paused template change observed") { () -> Bool? in
                let current = try await api.get(.deployments, namespace: "default", name: "web")
                guard current[path: "status", "observedGeneration"]?.intValue == changed.generation,
                    current.statusCondition("Progressing")?["reason"] == "DeploymentPaused"
                else { return nil }
                return true
            }
            let sets = try await T.list(api, .replicaSets, labels: ["app": "web"])
            #expect(sets.map(\.uid) == [before.rs.uid])

            try await T.modify(api, .deployments, "web") { $0[path: "spec", "paused"] = false }
            let after = try await settled(api, "web", replicas: 2, labels: ["app": "web"], image: "nginx:1.27")
            #expect(after.rs.uid != before.rs.uid)
        }
    }

    @Test("revisionHistoryLimit keeps only that many old ReplicaSets")
    func trimsHistory() async throws {
        try await T.withCluster { api in
            let kubelet = Task { await T.fakeKubelet(api) }
            defer { kubelet.cancel() }
            var deployment = T.deployment("hist", replicas: 1, labels: ["app": "hist"], strategy: ["type": "Recreate"])
            deployment[path: "spec", "revisionHistoryLimit"] = 1
            _ = try await api.create(.deployments, namespace: "default", object: deployment)
            try await settled(api, "hist", replicas: 1, labels: ["app": "hist"])
            for tag in ["2", "3", "4"] {
                try await T.modify(api, .deployments, "hist") {
                    $0[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": .string("busybox:\(tag)")]]
                }
                try await T.eventually("rollout to busybox:\(tag)") { () -> Bool? in
                    let pods = try await T.list(api, .pods, labels: ["app": "hist"])
                    return pods.count == 1 && pods[0][path: "spec", "containers"]?.arrayValue?.first?["image"]?.stringValue == "busybox:\(tag)" ? true : nil
                }
            }
            let sets = try await T.eventually("history trimmed to 1 old ReplicaSet") { () -> [JSONValue]? in
                let sets = try await T.list(api, .replicaSets, labels: ["app": "hist"])
                return sets.count == 2 ? sets : nil
            }
            let revisions = Set(sets.compactMap { $0.annotations["deployment.kubernetes.io/revision"] })
            #expect(revisions == ["3", "4"])
        }
    }

    @Test("deleting a Deployment deletes its ReplicaSets and their pods")
    func cascadesDeletion() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 3, labels: ["app": "web"]))
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("other", replicas: 1, labels: ["app": "other"]))
            try await settled(api, "web", replicas: 3, labels: ["app": "web"])
            try await settled(api, "other", replicas: 1, labels: ["app": "other"])

            _ = try await api.delete(.deployments, namespace: "default", name: "web")
            try await T.eventually("web's ReplicaSets and pods gone") { () -> Bool? in
                let sets = try await T.list(api, .replicaSets, labels: ["app": "web"])
                let pods = try await T.list(api, .pods, labels: ["app": "web"])
                return sets.isEmpty && pods.isEmpty ? true : nil
            }
            #expect(try await T.list(api, .replicaSets, labels: ["app": "other"]).count == 1)
            #expect(try await T.list(api, .pods, labels: ["app": "other"]).count == 1)
        }
    }

    @Test("a rolling update with maxUnavailable 0 never drops ready pods below the desired count")
    func rollingUpdateKeepsAvailability() async throws {
        try await T.withCluster { api in
            let kubelet = Task { await T.fakeKubelet(api) }
            defer { kubelet.cancel() }
            let strategy: JSONValue = ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": 1]]
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("safe", replicas: 3, labels: ["app": "safe"], strategy: strategy))
            try await T.eventually("3 ready pods") { () -> Bool? in
                let pods = try await T.list(api, .pods, labels: ["app": "safe"])
                return pods.filter(\.isPodReady).count == 3 ? true : nil
            }
            // Watch every pod change and track the ready count throughout the rollout.
            let initial = try await api.list(.pods, namespace: "default", labelSelector: ["app": "safe"])
            let stream = try await api.watch(.pods, namespace: "default", fromRevision: initial.resourceVersion)
            let watcher = Task { () -> Int in
                var ready: [String: Bool] = [:]
                for pod in initial.items { ready[pod.uid ?? ""] = pod.isPodReady }
                var lowest = ready.values.filter { $0 }.count
                do {
                    for try await event in stream where event.object.labels["app"] == "safe" {
                        let uid = event.object.uid ?? ""
                        ready[uid] = event.type == "DELETED" ? nil : event.object.isPodReady
                        lowest = min(lowest, ready.values.filter { $0 }.count)
                    }
                } catch {}
                return lowest
            }
            try await T.modify(api, .deployments, "safe") {
                $0[path: "spec", "template", "spec", "containers"] = [["name": "main", "image": "nginx:1.27"]]
            }
            try await T.eventually("rollout complete") { () -> Bool? in
                let pods = try await T.list(api, .pods, labels: ["app": "safe"])
                return pods.count == 3 && pods.allSatisfy({ $0.isPodReady && $0[path: "spec", "containers"]?.arrayValue?.first?["image"]?.stringValue == "nginx:1.27" }) ? true : nil
            }
            watcher.cancel()
            let lowest = await watcher.value
            #expect(lowest == 3)
        }
    }
}
