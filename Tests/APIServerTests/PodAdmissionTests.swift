import APIServer
import Foundation
import Kernel
import Testing

@Suite("Pod admission")
struct PodAdmissionTests {
    @Test("a created pod gets Kubernetes' metadata and spec defaults and a Pending status")
    func podDefaults() async throws {
        try await withAPI { api in
            var input = pod("web", image: "nginx")
            input[path: "status"] = ["phase": "Running"]
            let created = try await api.create(.pods, namespace: "default", object: input)

            #expect(created.kind == "Pod")
            #expect(created["apiVersion"] == "v1")
            #expect(created.namespace == "default")
            #expect(UUID(uuidString: created.uid ?? "") != nil)
            let stamp = try #require(created[path: "metadata", "creationTimestamp"]?.stringValue)
            #expect(try Date(stamp, strategy: .iso8601) <= Date())
            #expect(created.resourceVersion != nil)
            #expect(created[path: "spec", "schedulerName"] == "default-scheduler")
            #expect(created[path: "spec", "restartPolicy"] == "Always")
            #expect(created[path: "spec", "dnsPolicy"] == "ClusterFirst")
            #expect(created[path: "spec", "terminationGracePeriodSeconds"] == 30)
            let container = try #require(created[path: "spec", "containers"]?.arrayValue?.first)
            #expect(container["imagePullPolicy"] == "Always")
            #expect(container["terminationMessagePath"] == "/dev/termination-log")
            #expect(created[path: "status", "phase"] == "Pending")
            #expect(created[path: "status", "qosClass"] == "BestEffort")
            let tolerations = created[path: "spec", "tolerations"]?.arrayValue ?? []
            #expect(tolerations.contains { $0["key"] == "node.kubernetes.io/not-ready" && $0["tolerationSeconds"] == 300 })
        }
    }

    @Test("imagePullPolicy follows the image tag", arguments: [
        ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.25", "IfNotPresent"),
        ("registry.local:5000/team/app", "Always"), ("registry.local:5000/team/app:v2", "IfNotPresent"),
        ("nginx@sha256:0123456789abcdef", "IfNotPresent"),
    ])
    func pullPolicy(image: String, expected: String) async throws {
        try await withAPI { api in
            let created = try await api.create(.pods, namespace: "default", object: pod("p", image: image))
            #expect(created[path: "spec", "containers"]?.arrayValue?.first?["imagePullPolicy"]?.stringValue == expected)
        }
    }

    @Test("an explicit imagePullPolicy is kept")
    func explicitPullPolicy() async throws {
        try await withAPI { api in
            var input = pod("p", image: "nginx")
            input[path: "spec", "containers"] = [["name": "main", "image": "nginx", "imagePullPolicy": "Never"]]
            let created = try await api.create(.pods, namespace: "default", object: input)
            #expect(created[path: "spec", "containers"]?.arrayValue?.first?["imagePullPolicy"] == "Never")
        }
    }

    @Test("generateName appends five random characters")
    func generateName() async throws {
        try await withAPI { api in
            let input: JSONValue = ["metadata": ["generateName": "web-"], "spec": pod("x")["spec"]!]
            let first = try await api.create(.pods, namespace: "default", object: input)
            let second = try await api.create(.pods, namespace: "default", object: input)
            let name = try #require(first.name)
            #expect(name.hasPrefix("web-") && name.count == 9)
            #expect(first.name != second.name)
        }
    }

    @Test("invalid names and missing containers are 422 Invalid with field causes")
    func validation() async throws {
        try await withAPI { api in
            let badName = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: pod("Web_1")) }
            #expect(badName?.code == 422)
            #expect(badName?.reason == "Invalid")
            #expect(badName?.causes.first?.field == "metadata.name")
            #expect(badName?.message.hasPrefix("Pod \"Web_1\" is invalid: metadata.name: Invalid value: \"Web_1\": a lowercase RFC 1123 subdomain") == true)

            let noContainers: JSONValue = ["metadata": ["name": "empty"], "spec": ["containers": []]]
            let empty = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: noContainers) }
            #expect(empty?.causes.map(\.field) == ["spec.containers"])

            let noName = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: ["spec": pod("x")["spec"]!]) }
            #expect(noName?.causes.first?.message == "Required value: name or generateName is required")

            var badLabel = pod("labelled")
            badLabel.labels = ["app": "not valid!"]
            let label = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: badLabel) }
            #expect(label?.causes.first?.field == "metadata.labels")
        }
    }

    @Test("the namespace must exist; default and kube-system always do")
    func namespaces() async throws {
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let api = try ClusterAPI(store: store)
        // No bootstrap: default is created on first use.
        _ = try await api.create(.pods, namespace: "default", object: pod("a"))
        _ = try await api.get(.namespaces, namespace: "", name: "default")
        let missing = await expectAPIError { _ = try await api.create(.pods, namespace: "nowhere", object: pod("b")) }
        #expect(missing?.code == 404)
        #expect(missing?.message == "namespaces \"nowhere\" not found")

        let mismatch = await expectAPIError {
            var input = pod("c")
            input.namespace = "kube-system"
            _ = try await api.create(.pods, namespace: "default", object: input)
        }
        #expect(mismatch?.code == 400)

        try api.bootstrap()
        try api.bootstrap()
        let names = try await api.list(.namespaces, namespace: nil, labelSelector: [:]).items.compactMap(\.name)
        #expect(Set(names) == Set(ClusterAPI.systemNamespaces))
        let ns = try await api.get(.namespaces, namespace: "", name: "kube-public")
        #expect(ns[path: "status", "phase"] == "Active")
        #expect(ns.labels["kubernetes.io/metadata.name"] == "kube-public")
    }

    @Test("update keeps status, updateStatus keeps spec; only images may change in a pod spec")
    func statusSeparation() async throws {
        try await withAPI { api in
            let created = try await api.create(.pods, namespace: "default", object: pod("web"))

            var withStatus = created
            withStatus[path: "status", "phase"] = "Running"
            withStatus[path: "spec", "containers"] = [["name": "main", "image": "nginx:1.26"]]
            let afterStatus = try await api.updateStatus(.pods, namespace: "default", object: withStatus)
            #expect(afterStatus[path: "status", "phase"] == "Running")
            #expect(afterStatus[path: "spec", "containers"]?.arrayValue?.first?["image"] == "nginx:1.25")

            var relabelled = afterStatus
            relabelled.labels = ["tier": "web"]
            relabelled[path: "status", "phase"] = "Failed"
            relabelled[path: "spec", "containers"] = [["name": "main", "image": "nginx:1.26"]]
            let afterUpdate = try await api.update(.pods, namespace: "default", object: relabelled)
            #expect(afterUpdate.labels == ["tier": "web"])
            #expect(afterUpdate[path: "status", "phase"] == "Running")
            #expect(afterUpdate[path: "spec", "containers"]?.arrayValue?.first?["image"] == "nginx:1.26")
            #expect(afterUpdate.uid == created.uid)

            var moved = afterUpdate
            moved[path: "spec", "restartPolicy"] = "Never"
            let forbidden = await expectAPIError { _ = try await api.update(.pods, namespace: "default", object: moved) }
            #expect(forbidden?.code == 422)
            #expect(forbidden?.causes.first?.type == "FieldValueForbidden")
        }
    }

    @Test("scheduling gates may be removed by an update, not added")
    func schedulingGatesOnlyLeave() async throws {
        try await withAPI { api in
            var gated = pod("gated")
            gated[path: "spec", "schedulingGates"] = [["name": "example.com/a"], ["name": "example.com/b"]]
            var current = try await api.create(.pods, namespace: "default", object: gated)
            current[path: "spec", "schedulingGates"] = [["name": "example.com/b"]]
            current = try await api.update(.pods, namespace: "default", object: current)
            #expect(current[path: "spec", "schedulingGates"]?.arrayValue?.count == 1)
            var added = current
            added[path: "spec", "schedulingGates"] = [["name": "example.com/b"], ["name": "example.com/c"]]
            let forbidden = await expectAPIError { _ = try await api.update(.pods, namespace: "default", object: added) }
            #expect(forbidden?.code == 422)
            #expect(forbidden?.causes.first?.field == "spec.schedulingGates")
            current[path: "spec", "schedulingGates"] = []
            current = try await api.update(.pods, namespace: "default", object: current)
            #expect(current[path: "spec", "schedulingGates"]?.arrayValue?.isEmpty ?? true)
        }
    }

    @Test("a stale resourceVersion is 409 Conflict; none is unconditional; a no-op writes nothing")
    func conflicts() async throws {
        try await withAPI { api in
            let created = try await api.create(.pods, namespace: "default", object: pod("web"))
            var first = created
            first.labels = ["v": "1"]
            let updated = try await api.update(.pods, namespace: "default", object: first)

            var stale = created
            stale.labels = ["v": "2"]
            let conflict = await expectAPIError { _ = try await api.update(.pods, namespace: "default", object: stale) }
            #expect(conflict?.code == 409)
            #expect(conflict?.reason == "Conflict")
            #expect(conflict?.message == "Operation cannot be fulfilled on pods \"web\": the object has been modified; please apply your changes to the latest version and try again")

            var unconditional = stale
            unconditional.resourceVersion = nil
            let forced = try await api.update(.pods, namespace: "default", object: unconditional)
            #expect(forced.labels == ["v": "2"])

            let again = try await api.update(.pods, namespace: "default", object: forced)
            #expect(again.resourceVersion == forced.resourceVersion)
            #expect(updated.resourceVersion! < forced.resourceVersion!)

            let missing = await expectAPIError { _ = try await api.update(.pods, namespace: "default", object: pod("ghost")) }
            #expect(missing?.code == 404)
        }
    }

    @Test("bind sets nodeName once and marks the pod scheduled")
    func binding() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: pod("web"))
            try await api.bind(podNamespace: "default", podName: "web", nodeName: "node-1")
            let bound = try await api.get(.pods, namespace: "default", name: "web")
            #expect(bound[path: "spec", "nodeName"] == "node-1")
            let scheduled = bound[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "PodScheduled" }
            #expect(scheduled?["status"] == "True")

            let again = await expectAPIError { try await api.bind(podNamespace: "default", podName: "web", nodeName: "node-2") }
            #expect(again?.code == 409)
            #expect(again?.message == "Operation cannot be fulfilled on pods/binding \"web\": pod web is already assigned to node \"node-1\"")
            let missing = await expectAPIError { try await api.bind(podNamespace: "default", podName: "nope", nodeName: "node-1") }
            #expect(missing?.code == 404)
        }
    }

    @Test("concurrent unconditional updates all land")
    func concurrentUpdates() async throws {
        try await withAPI { api in
            let created = try await api.create(.pods, namespace: "default", object: pod("web"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        var current = try await api.get(.pods, namespace: "default", name: "web")
                        current.resourceVersion = nil
                        current[path: "metadata", "annotations", "writer-\(index)"] = "done"
                        // Writers race on the same revision: without the retry on a store
                        // conflict, all but one would fail with 409.
                        _ = try await api.update(.pods, namespace: "default", object: current)
                    }
                }
                try await group.waitForAll()
            }
            let final = try await api.get(.pods, namespace: "default", name: "web")
            #expect(final[path: "metadata", "annotations"]?.objectValue?.keys.allSatisfy { $0.hasPrefix("writer-") } == true)
            #expect(final.resourceVersion! >= created.resourceVersion! + 1)
        }
    }
}
