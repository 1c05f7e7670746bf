import APIServer
import Foundation
import Kernel
import Testing

@Suite("Admission of DaemonSets, StatefulSets, ReplicationControllers, CronJobs, claims, volumes and ingresses")
struct ServedKindsAdmissionTests {
    @Test("DaemonSets default a RollingUpdate strategy and history limit and need a matching selector")
    func daemonSets() async throws {
        try await withAPI { api in
            let created = try await api.create(.daemonSets, namespace: "default", object: sampleDaemonSet("agent"))
            #expect(created[path: "spec", "updateStrategy"] == ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]])
            #expect(created[path: "spec", "revisionHistoryLimit"] == 10)
            #expect(created[path: "spec", "template", "spec", "restartPolicy"] == "Always")
            #expect(created[path: "status", "desiredNumberScheduled"] == 0)
            #expect(created[path: "metadata", "generation"] == 1)

            var mismatched = sampleDaemonSet("bad")
            mismatched[path: "spec", "selector", "matchLabels"] = ["app": "other"]
            let mismatch = await expectAPIError { _ = try await api.create(.daemonSets, namespace: "default", object: mismatched) }
            #expect(mismatch?.code == 422)
            #expect(mismatch?.causes.map(\.field) == ["spec.template.metadata.labels"])

            var onFailure = sampleDaemonSet("restart")
            onFailure[path: "spec", "template", "spec", "restartPolicy"] = "OnFailure"
            let restart = await expectAPIError { _ = try await api.create(.daemonSets, namespace: "default", object: onFailure) }
            #expect(restart?.causes.map(\.field) == ["spec.template.spec.restartPolicy"])

            var zero = sampleDaemonSet("zero")
            zero[path: "spec", "updateStrategy"] = ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": 0]]
            let zeroes = await expectAPIError { _ = try await api.create(.daemonSets, namespace: "default", object: zero) }
            #expect(zeroes?.causes.map(\.field) == ["spec.updateStrategy.rollingUpdate.maxUnavailable"])

            var moved = created
            moved[path: "spec", "selector", "matchLabels"] = ["app": "agent", "tier": "x"]
            moved[path: "spec", "template", "metadata", "labels"] = ["app": "agent", "tier": "x"]
            let immutable = await expectAPIError { _ = try await api.update(.daemonSets, namespace: "default", object: moved) }
            #expect(immutable?.causes.map(\.field) == ["spec.selector"])
        }
    }

    @Test("StatefulSets default pod management, strategy and retention, and allow only some spec changes")
    func statefulSets() async throws {
        try await withAPI { api in
            var object = sampleStatefulSet("db")
            object[path: "spec", "volumeClaimTemplates"] = [["metadata": ["name": "data"],
                                                             "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]]
            let created = try await api.create(.statefulSets, namespace: "default", object: object)
            #expect(created[path: "spec", "podManagementPolicy"] == "OrderedReady")
            #expect(created[path: "spec", "updateStrategy"] == ["type": "RollingUpdate", "rollingUpdate": ["partition": 0]])
            #expect(created[path: "spec", "revisionHistoryLimit"] == 10)
            #expect(created[path: "spec", "persistentVolumeClaimRetentionPolicy"] == ["whenDeleted": "Retain", "whenScaled": "Retain"])
            #expect(created[path: "spec", "volumeClaimTemplates"]?.arrayValue?.first?[path: "spec", "volumeMode"] == "Filesystem")
            #expect(created[path: "spec", "volumeClaimTemplates"]?.arrayValue?.first?[path: "status", "phase"] == "Pending")
            #expect(created[path: "status", "replicas"] == 0)

            var scaled = created
            scaled[path: "spec", "replicas"] = 5
            let updated = try await api.update(.statefulSets, namespace: "default", object: scaled)
            #expect(updated[path: "spec", "replicas"] == 5)
            #expect(updated[path: "metadata", "generation"] == 2)

            var renamed = updated
            renamed[path: "spec", "serviceName"] = "other"
            let forbidden = await expectAPIError { _ = try await api.update(.statefulSets, namespace: "default", object: renamed) }
            #expect(forbidden?.causes.map(\.field) == ["spec"])
            #expect(forbidden?.causes.first?.message.contains("'replicas', 'ordinals', 'template'") == true)

            var bad = sampleStatefulSet("bad")
            bad[path: "spec", "podManagementPolicy"] = "Sometimes"
            bad[path: "spec", "serviceName"] = "Not_A_Label"
            let invalid = await expectAPIError { _ = try await api.create(.statefulSets, namespace: "default", object: bad) }
            #expect(Set(invalid?.causes.map(\.field) ?? []) == ["spec.serviceName", "spec.podManagementPolicy"])
        }
    }

    @Test("ReplicationControllers take their selector and labels from the template")
    func replicationControllers() async throws {
        try await withAPI { api in
            let created = try await api.create(.replicationControllers, namespace: "default", object: sampleReplicationController("legacy"))
            #expect(created[path: "spec", "selector"] == ["app": "legacy"])
            #expect(created[path: "metadata", "labels"] == ["app": "legacy"])
            #expect(created[path: "status", "replicas"] == 0)

            var mismatched = sampleReplicationController("bad")
            mismatched[path: "spec", "selector"] = ["app": "other"]
            let mismatch = await expectAPIError { _ = try await api.create(.replicationControllers, namespace: "default", object: mismatched) }
            #expect(mismatch?.causes.map(\.field) == ["spec.template.metadata.labels"])

            var negative = sampleReplicationController("negative")
            negative[path: "spec", "replicas"] = -1
            let count = await expectAPIError { _ = try await api.create(.replicationControllers, namespace: "default", object: negative) }
            #expect(count?.causes.map(\.field) == ["spec.replicas"])
        }
    }

    @Test("CronJobs default their policies and limits and validate the schedule")
    func cronJobs() async throws {
        try await withAPI { api in
            let created = try await api.create(.cronJobs, namespace: "default", object: sampleCronJob("tick"))
            #expect(created[path: "spec", "concurrencyPolicy"] == "Allow")
            #expect(created[path: "spec", "suspend"] == false)
            #expect(created[path: "spec", "successfulJobsHistoryLimit"] == 3)
            #expect(created[path: "spec", "failedJobsHistoryLimit"] == 1)
            #expect(created[path: "spec", "jobTemplate", "spec", "template", "spec", "dnsPolicy"] == "ClusterFirst")
            #expect(created["status"] == [:])

            for schedule in ["@hourly", "@every 1h30m", "0 0 * * MON-FRI", "*/15 9-17 1,15 jan-jun ?"] {
                _ = try await api.create(.cronJobs, namespace: "default", object: sampleCronJob("ok-\(abs(schedule.hashValue) % 100_000)", schedule: schedule))
            }
            for schedule in ["* * * *", "61 * * * *", "@sometimes", "5-1 * * * *", "TZ=UTC 0 * * * *", "* * * * * *"] {
                let error = await expectAPIError { _ = try await api.create(.cronJobs, namespace: "default", object: sampleCronJob("bad", schedule: schedule)) }
                #expect(error?.code == 422, "\(schedule)")
                #expect(error?.causes.map(\.field) == ["spec.schedule"], "\(schedule)")
            }

            var policy = sampleCronJob("policy")
            policy[path: "spec", "concurrencyPolicy"] = "Sometimes"
            policy[path: "spec", "timeZone"] = "Mars/Olympus"
            let invalid = await expectAPIError { _ = try await api.create(.cronJobs, namespace: "default", object: policy) }
            #expect(Set(invalid?.causes.map(\.field) ?? []) == ["spec.concurrencyPolicy", "spec.timeZone"])

            let long = await expectAPIError {
                _ = try await api.create(.cronJobs, namespace: "default", object: sampleCronJob(String(repeating: "a", count: 53)))
            }
            #expect(long?.causes.map(\.field) == ["metadata.name"])

            var always = sampleCronJob("always")
            always[path: "spec", "jobTemplate", "spec", "template", "spec", "restartPolicy"] = "Always"
            let restart = await expectAPIError { _ = try await api.create(.cronJobs, namespace: "default", object: always) }
            #expect(restart?.causes.map(\.field) == ["spec.jobTemplate.spec.template.spec.restartPolicy"])
        }
    }

    @Test("claims start Pending, need access modes and a storage request, and keep their spec except requests")
    func claims() async throws {
        try await withAPI { api in
            let created = try await api.create(.persistentVolumeClaims, namespace: "default", object: sampleClaim("data"))
            #expect(created[path: "status", "phase"] == "Pending")
            #expect(created[path: "spec", "volumeMode"] == "Filesystem")

            var noModes = sampleClaim("modes")
            noModes[path: "spec", "accessModes"] = nil
            noModes[path: "spec", "resources"] = nil
            let missing = await expectAPIError { _ = try await api.create(.persistentVolumeClaims, namespace: "default", object: noModes) }
            #expect(missing?.causes.map(\.field) == ["spec.accessModes", "spec.resources[storage]"])

            let badQuantity = await expectAPIError {
                _ = try await api.create(.persistentVolumeClaims, namespace: "default", object: sampleClaim("bad", storage: "lots"))
            }
            #expect(badQuantity?.causes.map(\.field) == ["spec.resources[storage]"])

            var bigger = created
            bigger[path: "spec", "resources", "requests", "storage"] = "2Gi"
            let resized = try await api.update(.persistentVolumeClaims, namespace: "default", object: bigger)
            #expect(resized[path: "spec", "resources", "requests", "storage"] == "2Gi")

            var changed = resized
            changed[path: "spec", "accessModes"] = ["ReadWriteMany"]
            let immutable = await expectAPIError { _ = try await api.update(.persistentVolumeClaims, namespace: "default", object: changed) }
            #expect(immutable?.causes.map(\.field) == ["spec"])
            #expect(immutable?.causes.first?.message.contains("spec is immutable after creation") == true)
        }
    }

    @Test("volumes are cluster-scoped, stay Pending, default Retain and need capacity, modes and one source")
    func volumes() async throws {
        try await withAPI { api in
            let created = try await api.create(.persistentVolumes, namespace: "", object: sampleVolume("pv-1"))
            #expect(created[path: "metadata", "namespace"] == nil)
            #expect(created[path: "status", "phase"] == "Pending")
            #expect(created[path: "spec", "persistentVolumeReclaimPolicy"] == "Retain")

            var empty = sampleVolume("pv-2")
            empty[path: "spec", "capacity"] = nil
            empty[path: "spec", "hostPath"] = nil
            let missing = await expectAPIError { _ = try await api.create(.persistentVolumes, namespace: "", object: empty) }
            #expect(missing?.causes.map(\.field) == ["spec.capacity", "spec"])

            var moved = created
            moved[path: "spec", "hostPath", "path"] = "/elsewhere"
            let immutable = await expectAPIError { _ = try await api.update(.persistentVolumes, namespace: "", object: moved) }
            #expect(immutable?.causes.map(\.field) == ["spec.persistentvolumesource"])
        }
    }

    @Test("ingresses need rules or a default backend and well-formed paths and backends")
    func ingresses() async throws {
        try await withAPI { api in
            let created = try await api.create(.ingresses, namespace: "default", object: sampleIngress("web"))
            #expect(created[path: "status", "loadBalancer"] == [:])

            var empty = sampleIngress("empty")
            empty["spec"] = [:]
            let neither = await expectAPIError { _ = try await api.create(.ingresses, namespace: "default", object: empty) }
            #expect(neither?.causes.first?.message.contains("either `defaultBackend` or `rules` must be specified") == true)

            var bad = sampleIngress("bad", host: "10.0.0.1")
            bad[path: "spec", "rules"] = [["host": "10.0.0.1", "http": ["paths": [
                ["path": "relative", "pathType": "Prefix", "backend": ["service": ["name": "web", "port": [:]]]],
                ["path": "/x", "backend": ["service": ["name": "web", "port": ["number": 80]]]],
            ]]]]
            let invalid = await expectAPIError { _ = try await api.create(.ingresses, namespace: "default", object: bad) }
            #expect(invalid?.causes.map(\.field) == ["spec.rules[0].host", "spec.rules[0].http.paths[0].path",
                                                     "spec.rules[0].http.paths[0].backend.service.port", "spec.rules[0].http.paths[1].pathType"])

            let ingressClass: JSONValue = ["apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": ["name": "nginx"],
                                           "spec": ["controller": "k8s.io/ingress-nginx"]]
            let storedClass = try await api.create(.ingressClasses, namespace: "", object: ingressClass)
            var changed = storedClass
            changed[path: "spec", "controller"] = "example.com/other"
            let immutable = await expectAPIError { _ = try await api.update(.ingressClasses, namespace: "", object: changed) }
            #expect(immutable?.causes.map(\.field) == ["spec.controller"])
        }
    }
}
