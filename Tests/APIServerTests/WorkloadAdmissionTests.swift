import APIServer
import Kernel
import Testing

@Suite("Workload and namespace admission")
struct WorkloadAdmissionTests {
    @Test("deployments start at generation 1 and count spec changes only")
    func generation() async throws {
        try await withAPI { api in
            let created = try await api.create(.deployments, namespace: "default", object: deployment("web"))
            #expect(created[path: "metadata", "generation"] == 1)
            #expect(created[path: "spec", "strategy", "type"] == "RollingUpdate")
            #expect(created[path: "spec", "strategy", "rollingUpdate", "maxSurge"] == "25%")
            #expect(created[path: "spec", "revisionHistoryLimit"] == 10)
            #expect(created[path: "spec", "template", "spec", "restartPolicy"] == "Always")
            #expect(created["apiVersion"] == "apps/v1")

            var scaled = created
            scaled[path: "spec", "replicas"] = 5
            let afterScale = try await api.update(.deployments, namespace: "default", object: scaled)
            #expect(afterScale[path: "metadata", "generation"] == 2)

            var labelled = afterScale
            labelled.labels = ["team": "a"]
            let afterLabel = try await api.update(.deployments, namespace: "default", object: labelled)
            #expect(afterLabel[path: "metadata", "generation"] == 2)

            var status = afterLabel
            status[path: "status", "observedGeneration"] = 2
            status[path: "spec", "replicas"] = 9
            let afterStatus = try await api.updateStatus(.deployments, namespace: "default", object: status)
            #expect(afterStatus[path: "metadata", "generation"] == 2)
            #expect(afterStatus[path: "spec", "replicas"] == 5)
            #expect(afterStatus[path: "status", "observedGeneration"] == 2)
        }
    }

    @Test("selectors are required, must match the template and may not change")
    func selectors() async throws {
        try await withAPI { api in
            var mismatched = deployment("web")
            mismatched[path: "spec", "template", "metadata", "labels"] = ["app": "other"]
            let mismatch = await expectAPIError { _ = try await api.create(.deployments, namespace: "default", object: mismatched) }
            #expect(mismatch?.causes.map(\.field) == ["spec.template.metadata.labels"])

            var unselected = deployment("web")
            unselected[path: "spec", "selector"] = nil
            let missing = await expectAPIError { _ = try await api.create(.replicaSets, namespace: "default", object: unselected.replacingKind("ReplicaSet")) }
            #expect(missing?.causes.first?.message == "Required value")

            let created = try await api.create(.deployments, namespace: "default", object: deployment("web"))
            var changed = created
            changed[path: "spec", "selector"] = ["matchLabels": ["app": "web", "tier": "x"]]
            changed[path: "spec", "template", "metadata", "labels"] = ["app": "web", "tier": "x"]
            let immutable = await expectAPIError { _ = try await api.update(.deployments, namespace: "default", object: changed) }
            #expect(immutable?.causes.first?.message.hasSuffix("field is immutable") == true)
        }
    }

    @Test("a body of another kind or apiVersion is 400")
    func wrongKind() async throws {
        try await withAPI { api in
            let wrongKind = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: service("svc")) }
            #expect(wrongKind?.code == 400)
            var wrongVersion = deployment("web")
            wrongVersion["apiVersion"] = "apps/v1beta1"
            let version = await expectAPIError { _ = try await api.create(.deployments, namespace: "default", object: wrongVersion) }
            #expect(version?.message == "the API version in the data (apps/v1beta1) does not match the expected API version (apps/v1)")
            let notObject = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: ["metadata": "x"]) }
            #expect(notObject?.code == 400)
        }
    }

    @Test("deleting a namespace marks it Terminating; emptied and finalized it goes; system namespaces stay")
    func namespaceDeletion() async throws {
        try await withAPI { api in
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "team"]])
            _ = try await api.create(.pods, namespace: "team", object: pod("a"))
            let svc = try await api.create(.services, namespace: "team", object: service("api"))
            let marked = try await api.delete(.namespaces, namespace: "", name: "team")
            #expect(marked[path: "status", "phase"] == "Terminating")
            // The namespace controller's work: delete the content, then remove the finalizer.
            _ = try await api.delete(.pods, namespace: "team", name: "a")
            _ = try await api.delete(.services, namespace: "team", name: "api")
            var finalized = try await api.get(.namespaces, namespace: "", name: "team")
            finalized[path: "spec", "finalizers"] = .array([])
            _ = try await api.update(.namespaces, namespace: "", object: finalized)
            #expect(try await api.list(.pods, namespace: "team", labelSelector: [:]).items.isEmpty)
            let missing = await expectAPIError { _ = try await api.get(.services, namespace: "team", name: "api") }
            #expect(missing?.code == 404)
            // The released address can be claimed again.
            let ip = try #require(svc[path: "spec", "clusterIP"]?.stringValue)
            _ = try await api.create(.services, namespace: "default", object: service("again", clusterIP: ip))

            let forbidden = await expectAPIError { _ = try await api.delete(.namespaces, namespace: "", name: "default") }
            #expect(forbidden?.code == 403)
            let gone = await expectAPIError { _ = try await api.delete(.namespaces, namespace: "", name: "team") }
            #expect(gone?.message == "namespaces \"team\" not found")
        }
    }

    @Test("delete preconditions on uid and resourceVersion")
    func deletePreconditions() async throws {
        try await withAPI { api in
            let created = try await api.create(.pods, namespace: "default", object: pod("web"))
            let wrongUID = await expectAPIError {
                _ = try await api.delete(.pods, namespace: "default", name: "web", preconditions: DeletePreconditions(uid: "other"))
            }
            #expect(wrongUID?.code == 409)
            let removed = try await api.delete(.pods, namespace: "default", name: "web", preconditions: DeletePreconditions(uid: created.uid))
            #expect(removed.uid == created.uid)
        }
    }

    @Test("list filters by labels")
    func labelSelection() async throws {
        try await withAPI { api in
            _ = try await api.create(.pods, namespace: "default", object: pod("a", labels: ["app": "web"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("b", labels: ["app": "db"]))
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "other"]])
            _ = try await api.create(.pods, namespace: "other", object: pod("c", labels: ["app": "web"]))
            let web = try await api.list(.pods, namespace: nil, labelSelector: ["app": "web"])
            #expect(web.items.compactMap(\.name) == ["a", "c"])
            let inDefault = try await api.list(.pods, namespace: "default", labelSelector: ["app": "web"])
            #expect(inDefault.items.compactMap(\.name) == ["a"])
            let notWeb = try await api.list(.pods, namespace: nil, selector: ObjectSelector(labels: try LabelSelector(parsing: "app!=web")))
            #expect(notWeb.items.compactMap(\.name) == ["b"])
            #expect(web.resourceVersion > 0)
        }
    }
}

extension JSONValue {
    /// The same manifest declared as another apps/v1 kind.
    func replacingKind(_ kind: String) -> JSONValue {
        var copy = self
        copy["kind"] = .string(kind)
        return copy
    }
}
