import APIServer
import Foundation
import Kernel
import Testing

/// A pod bound to `node` (as the scheduler leaves it), optionally with a termination grace period.
private func boundPod(_ name: String, node: String = "node-1", grace: Int64? = nil) -> JSONValue {
    var object = pod(name)
    object[path: "spec", "nodeName"] = .string(node)
    if let grace { object[path: "spec", "terminationGracePeriodSeconds"] = .int(grace) }
    return object
}

/// A ConfigMap with finalizers.
private func finalizedConfigMap(_ name: String, _ finalizers: [String]) -> JSONValue {
    ["apiVersion": "v1", "kind": "ConfigMap",
     "metadata": ["name": .string(name), "finalizers": .array(finalizers.map { .string($0) })], "data": ["k": "v"]]
}

private func finalizers(_ object: JSONValue) -> [String] {
    (object[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
}

@Suite("Graceful deletion, finalizers and propagation")
struct DeletionTests {
    @Test("a bound pod is marked with a deletionTimestamp and its grace period, not removed")
    func gracefulPod() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: boundPod("web"))
            let before = Date()
            let marked = try await api.delete(.pods, namespace: "default", name: "web")
            #expect(marked[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 30)
            let stamp = try #require(marked[path: "metadata", "deletionTimestamp"]?.stringValue)
            let deadline = try #require(KubeTime.parse(stamp))
            #expect(deadline.timeIntervalSince(before) > 25)
            let stored = try await api.get(.pods, namespace: "default", name: "web")
            #expect(stored[path: "metadata", "deletionTimestamp"] == marked[path: "metadata", "deletionTimestamp"])
        }
    }

    @Test("the pod's terminationGracePeriodSeconds is the default; a later delete shortens, never lengthens")
    func shortenGrace() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: boundPod("web", grace: 40))
            let first = try await api.delete(.pods, namespace: "default", name: "web")
            #expect(first[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 40)
            let longer = try await api.deleteWithOptions(.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 100))
            #expect(longer[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 40)
            #expect(longer[path: "metadata", "deletionTimestamp"] == first[path: "metadata", "deletionTimestamp"])
            let shorter = try await api.deleteWithOptions(.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 10))
            #expect(shorter[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 10)
            let firstDeadline = try #require(first[path: "metadata", "deletionTimestamp"]?.stringValue.flatMap(KubeTime.parse))
            let newDeadline = try #require(shorter[path: "metadata", "deletionTimestamp"]?.stringValue.flatMap(KubeTime.parse))
            #expect(firstDeadline.timeIntervalSince(newDeadline) == 30)
            _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "web", options: DeleteOptions(gracePeriodSeconds: 0))
            let gone = await expectAPIError { _ = try await api.get(.pods, namespace: "default", name: "web") }
            #expect(gone?.code == 404)
        }
    }

    @Test("unbound pods, grace 0 and other kinds are removed at once")
    func immediate() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: pod("pending"))
            _ = try await api.delete(.pods, namespace: "default", name: "pending")
            _ = try await api.create(.pods, namespace: "default", object: boundPod("forced"))
            _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "forced", options: DeleteOptions(gracePeriodSeconds: 0))
            _ = try await api.create(.configMaps, namespace: "default", object: finalizedConfigMap("plain", []))
            _ = try await api.delete(.configMaps, namespace: "default", name: "plain")
            for (type, name) in [(ResourceType.pods, "pending"), (.pods, "forced"), (.configMaps, "plain")] {
                let missing = await expectAPIError { _ = try await api.get(type, namespace: "default", name: name) }
                #expect(missing?.code == 404)
            }
        }
    }

    @Test("finalizers keep an object until an update empties them; none may be added meanwhile")
    func finalizerLifecycle() async throws {
        try await withAPI { api in
            _ = try await api.create(.configMaps, namespace: "default", object: finalizedConfigMap("held", ["example.com/hold"]))
            let marked = try await api.delete(.configMaps, namespace: "default", name: "held")
            #expect(marked[path: "metadata", "deletionTimestamp"]?.stringValue != nil)
            #expect(marked[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 0)
            let events = try await api.watch(.configMaps, namespace: "default", fromRevision: try #require(marked.resourceVersion))

            var adding = try await api.get(.configMaps, namespace: "default", name: "held")
            adding[path: "metadata", "finalizers"] = ["example.com/hold", "example.com/more"]
            let refused = await expectAPIError { _ = try await api.update(.configMaps, namespace: "default", object: adding) }
            #expect(refused?.code == 422)
            #expect(refused?.message.contains("metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/more\"}") == true)

            var stamped = try await api.get(.configMaps, namespace: "default", name: "held")
            stamped[path: "metadata", "deletionTimestamp"] = "2001-01-01T00:00:00Z"
            stamped[path: "metadata", "deletionGracePeriodSeconds"] = 99
            stamped["data"] = ["k": "changed"]
            let kept = try await api.update(.configMaps, namespace: "default", object: stamped)
            #expect(kept[path: "metadata", "deletionTimestamp"] == marked[path: "metadata", "deletionTimestamp"])
            #expect(kept[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 0)

            var released = kept
            released[path: "metadata", "finalizers"] = .array([])
            _ = try await api.update(.configMaps, namespace: "default", object: released)
            let missing = await expectAPIError { _ = try await api.get(.configMaps, namespace: "default", name: "held") }
            #expect(missing?.code == 404)
            var types: [String] = []
            for try await event in events {
                types.append(event.type)
                if event.type == "DELETED" { break }
            }
            #expect(types.last == "DELETED")
        }
    }

    @Test("clients cannot set deletionTimestamp at creation")
    func noClientDeletionTimestamp() async throws {
        try await withAPI { api in
            var object = finalizedConfigMap("fresh", [])
            object[path: "metadata", "deletionTimestamp"] = "2001-01-01T00:00:00Z"
            object[path: "metadata", "deletionGracePeriodSeconds"] = 5
            let created = try await api.create(.configMaps, namespace: "default", object: object)
            #expect(created[path: "metadata", "deletionTimestamp"] == nil)
            #expect(created[path: "metadata", "deletionGracePeriodSeconds"] == nil)
        }
    }

    @Test("propagation policies add the garbage collector's finalizers; Jobs orphan by default")
    func propagationFinalizers() async throws {
        try await withAPI { api in
            _ = try await api.create(.deployments, namespace: "default", object: deployment("orphaned"))
            let orphan = try await api.deleteWithOptions(.deployments, namespace: "default", name: "orphaned", options: DeleteOptions(propagationPolicy: .orphan))
            #expect(finalizers(orphan) == ["orphan"])

            _ = try await api.create(.deployments, namespace: "default", object: deployment("fore"))
            let fore = try await api.deleteWithOptions(.deployments, namespace: "default", name: "fore", options: DeleteOptions(propagationPolicy: .foreground))
            #expect(finalizers(fore) == ["foregroundDeletion"])
            #expect(fore[path: "metadata", "deletionTimestamp"]?.stringValue != nil)

            _ = try await api.create(.deployments, namespace: "default", object: deployment("back"))
            _ = try await api.delete(.deployments, namespace: "default", name: "back")
            let missing = await expectAPIError { _ = try await api.get(.deployments, namespace: "default", name: "back") }
            #expect(missing?.code == 404)

            let job: JSONValue = [
                "apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": "once"],
                "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]],
            ]
            _ = try await api.create(.jobs, namespace: "default", object: job)
            let jobDeleted = try await api.delete(.jobs, namespace: "default", name: "once")
            #expect(finalizers(jobDeleted) == ["orphan"])

            let both = await expectAPIError {
                _ = try await api.deleteWithOptions(.deployments, namespace: "default", name: "fore",
                                                    options: DeleteOptions(propagationPolicy: .background, orphanDependents: true))
            }
            #expect(both?.code == 422)
            #expect(both?.message == "DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"Background\": orphanDependents and deletionPropagation cannot be both set")
        }
    }

    @Test("a uid precondition that does not match is a 409 and deletes nothing")
    func uidPrecondition() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: boundPod("web"))
            let conflict = await expectAPIError {
                _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "web",
                                                    options: DeleteOptions(gracePeriodSeconds: 0, preconditions: DeletePreconditions(uid: "other")))
            }
            #expect(conflict?.code == 409)
            #expect(try await api.get(.pods, namespace: "default", name: "web")[path: "metadata", "deletionTimestamp"] == nil)
        }
    }

    @Test("a dry-run delete changes nothing")
    func dryRun() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: boundPod("web"))
            let answer = try await api.deleteWithOptions(.pods, namespace: "default", name: "web", options: DeleteOptions(dryRun: true))
            #expect(answer[path: "metadata", "deletionTimestamp"]?.stringValue != nil)
            #expect(try await api.get(.pods, namespace: "default", name: "web")[path: "metadata", "deletionTimestamp"] == nil)
        }
    }
}

@Suite("Namespace termination")
struct NamespaceTerminationTests {
    @Test("deleting a namespace marks it Terminating; creates in it are forbidden; removing the kubernetes finalizer removes it")
    func terminating() async throws {
        try await withAPI { api in
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "n1"]])
            _ = try await api.create(.pods, namespace: "n1", object: pod("a"))
            let marked = try await api.delete(.namespaces, namespace: "", name: "n1")
            #expect(marked[path: "status", "phase"] == "Terminating")
            #expect(marked[path: "metadata", "deletionTimestamp"]?.stringValue != nil)
            #expect(marked[path: "spec", "finalizers"] == ["kubernetes"])
            #expect(try await api.get(.pods, namespace: "n1", name: "a").name == "a")

            let forbidden = await expectAPIError { _ = try await api.create(.configMaps, namespace: "n1", object: finalizedConfigMap("late", [])) }
            #expect(forbidden?.code == 403)
            #expect(forbidden?.reason == "Forbidden")
            #expect(forbidden?.message == "configmaps \"late\" is forbidden: unable to create new content in namespace n1 because it is being terminated")

            let again = await expectAPIError { _ = try await api.delete(.namespaces, namespace: "", name: "n1") }
            #expect(again?.code == 409)

            _ = try await api.delete(.pods, namespace: "n1", name: "a")
            var finalized = try await api.get(.namespaces, namespace: "", name: "n1")
            finalized[path: "spec", "finalizers"] = .array([])
            _ = try await api.update(.namespaces, namespace: "", object: finalized)
            let gone = await expectAPIError { _ = try await api.get(.namespaces, namespace: "", name: "n1") }
            #expect(gone?.code == 404)

            for name in ["default", "kube-system", "kube-public"] {
                let refused = await expectAPIError { _ = try await api.delete(.namespaces, namespace: "", name: name) }
                #expect(refused?.code == 403)
            }
        }
    }
}
