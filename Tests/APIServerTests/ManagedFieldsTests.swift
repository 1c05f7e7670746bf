@testable import APIServer
import Kernel
import Testing

@Suite("managedFields: FieldsV1 and ownership on writes")
struct ManagedFieldsTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("an applied Deployment's field set encodes as Kubernetes' FieldsV1")
    func fieldsV1Encoding() throws {
        let config = try json(#"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"},"finalizers":["a/b"]},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
          "template":{"spec":{"containers":[{"name":"web","image":"nginx","args":["-x"],"resources":{},"env":[{"name":"A","value":"1"}]}]}}}}
        """#)
        let set = ManagedFieldsRecorder.ownable(ObjectFields(config).appliedSet, .deployments, subresource: nil)
        let expected = try json(#"""
        {"f:metadata":{"f:labels":{"f:app":{}},"f:finalizers":{"v:\"a/b\"":{}}},
         "f:spec":{"f:replicas":{},"f:selector":{},
          "f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:name":{},"f:image":{},"f:args":{},"f:resources":{},
            "f:env":{"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}}}}}}}}}
        """#)
        #expect(set.fieldsV1 == expected)
        #expect(FieldSet(fieldsV1: expected) == set)
        #expect(FieldSet(fieldsV1: "x") == nil)
        #expect(FieldPathElement.display(["f:spec", "f:template", "f:spec", "f:containers", #"k:{"name":"web"}"#, "f:image"])
                == #".spec.template.spec.containers[name="web"].image"#)
    }

    @Test("a create's one-walk FieldsV1 equals the set built path by path", arguments: [
        (ResourceType.pods, #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","uid":"u","labels":{"a":"b"},"finalizers":["x/y"],"ownerReferences":[{"uid":"o","kind":"ReplicaSet","name":"rs","apiVersion":"apps/v1"}]},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80},{"containerPort":81,"protocol":"UDP"}],"env":[{"name":"A"},{"name":"A"}],"resources":{}}],"nodeSelector":{},"tolerations":[{"key":"k"}]},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False"}]}}"#),
        (ResourceType.configMaps, #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"d","annotations":{"k":"v"}},"data":{"a":"1","b":"2"},"status":{"x":1}}"#),
        (ResourceType.deployments, #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx","args":["-x"]}]}}},"status":{"replicas":0}}"#),
    ])
    func createdFieldsMatchThePathByPathSet(type: ResourceType, text: String) throws {
        let object = try json(text)
        let general = ManagedFieldsRecorder.ownable(FieldSet(Set(ObjectFields(object).nodes.keys)), type, subresource: nil)
        #expect(CreatedFields.fieldsV1(object, type) == general.fieldsV1)
    }

    @Test("creates and updates record Update entries; a writer takes the fields it changes from others")
    func updatesTakeOwnership() async throws {
        try await withAPI { api in
            let created = try await FieldManagerContext.$current.withValue(FieldManagerContext(manager: "alice")) {
                try await api.create(.deployments, namespace: "default", object: deployment("web"))
            }
            let entries = created[path: "metadata", "managedFields"]?.arrayValue ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["manager"] == "alice")
            #expect(entries.first?["operation"] == "Update")
            #expect(entries.first?["apiVersion"] == "apps/v1")
            #expect(entries.first?["fieldsType"] == "FieldsV1")
            #expect(entries.first?[path: "fieldsV1", "f:spec", "f:replicas"] == .object([:]))
            #expect(entries.first?[path: "fieldsV1", "f:status"] == nil)

            var scaled = created
            scaled[path: "spec", "replicas"] = 5
            let updated = try await FieldManagerContext.$current.withValue(FieldManagerContext(manager: "bob")) {
                try await api.update(.deployments, namespace: "default", object: scaled)
            }
            let after = ManagedFieldsList.read(updated) ?? []
            #expect(after.map(\.manager) == ["alice", "bob"])
            #expect(after.first { $0.manager == "bob" }?.fields == FieldSet([["f:spec", "f:replicas"]]))
            #expect(after.first { $0.manager == "alice" }?.fields.paths.contains(["f:spec", "f:replicas"]) == false)

            // A no-op update writes nothing and changes no entry.
            let again = try await FieldManagerContext.$current.withValue(FieldManagerContext(manager: "carol")) {
                try await api.update(.deployments, namespace: "default", object: updated)
            }
            #expect(again == updated)

            // Status writes are recorded with their subresource and own only status fields.
            var status = updated
            status["status"] = ["replicas": 5]
            let withStatus = try await api.updateStatus(.deployments, namespace: "default", object: status)
            let statusEntry = (ManagedFieldsList.read(withStatus) ?? []).first { $0.subresource == "status" }
            #expect(statusEntry?.manager == FieldManagerContext.inProcessManager)
            #expect(statusEntry?.fields == FieldSet([["f:status", "f:replicas"]]))

            // [{}] clears every entry; an empty list keeps them.
            var emptied = withStatus
            emptied[path: "metadata", "managedFields"] = []
            let kept = try await api.update(.deployments, namespace: "default", object: emptied)
            #expect(kept[path: "metadata", "managedFields"] == withStatus[path: "metadata", "managedFields"])
            var cleared = withStatus
            cleared[path: "metadata", "managedFields"] = [[:]]
            let stripped = try await api.update(.deployments, namespace: "default", object: cleared)
            #expect(stripped[path: "metadata", "managedFields"] == nil)
        }
    }

    @Test("the manager comes from fieldManager, else the User-Agent before its first slash")
    func managerNames() {
        #expect(FieldManagerContext.manager(fieldManager: "kubectl-edit", userAgent: "kubectl/v1.32.0 (linux/amd64)") == "kubectl-edit")
        #expect(FieldManagerContext.manager(fieldManager: nil, userAgent: "kubectl/v1.32.0 (linux/amd64) kubernetes/abc") == "kubectl")
        #expect(FieldManagerContext.manager(fieldManager: "", userAgent: "OpenAPI-Generator/31.0.0/python") == "OpenAPI-Generator")
        #expect(FieldManagerContext.manager(fieldManager: nil, userAgent: nil) == "")
    }
}
