import APIServer
import Controllers
import Foundation
import Kernel
import Testing

private typealias T = WorkloadTesting

/// A ConfigMap owned by `owner` (of `type`).
private func dependent(_ name: String, of owner: JSONValue, _ type: ResourceType, block: Bool = true) -> JSONValue {
    ["apiVersion": "v1", "kind": "ConfigMap",
     "metadata": ["name": .string(name), "ownerReferences": [[
         "apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "name": .string(owner.name ?? ""),
         "uid": .string(owner.uid ?? ""), "blockOwnerDeletion": .bool(block),
     ]]]]
}

private func configMap(_ name: String, finalizers: [String] = []) -> JSONValue {
    var object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
    if !finalizers.isEmpty { object[path: "metadata", "finalizers"] = .array(finalizers.map { .string($0) }) }
    return object
}

private func exists(_ api: ClusterAPI, _ type: ResourceType, _ name: String, namespace: String = "default") async throws -> Bool {
    do {
        _ = try await api.get(type, namespace: namespace, name: name)
        return true
    } catch let error as APIError where error.code == 404 {
        return false
    }
}

@Suite("Garbage collector", .serialized)
struct GarbageCollectorTests {
    @Test("Background: the owner goes at once, then its dependents; a dependent with another live owner stays")
    func background() async throws {
        try await T.withCluster { api in
            let owner = try await api.create(.configMaps, namespace: "default", object: configMap("owner"))
            let other = try await api.create(.configMaps, namespace: "default", object: configMap("other"))
            _ = try await api.create(.configMaps, namespace: "default", object: dependent("child", of: owner, .configMaps))
            var shared = dependent("shared", of: owner, .configMaps)
            var references = shared[path: "metadata", "ownerReferences"]?.arrayValue ?? []
            references.append(["apiVersion": "v1", "kind": "ConfigMap", "name": "other", "uid": .string(other.uid ?? "")])
            shared[path: "metadata", "ownerReferences"] = .array(references)
            _ = try await api.create(.configMaps, namespace: "default", object: shared)

            _ = try await api.deleteWithOptions(.configMaps, namespace: "default", name: "owner", options: DeleteOptions(propagationPolicy: .background))
            #expect(try await exists(api, .configMaps, "owner") == false)
            try await T.eventually("the dependent collected") { () -> Bool? in
                try await exists(api, .configMaps, "child") ? nil : true
            }
            let kept = try await T.eventually("the shared dependent loses the dangling reference") { () -> JSONValue? in
                let object = try await api.get(.configMaps, namespace: "default", name: "shared")
                return object.ownerReferences.count == 1 ? Optional(object) : nil
            }
            #expect(kept.ownerReferences.first?.uid == other.uid)
        }
    }

    @Test("Orphan: dependents lose the owner reference and stay; the owner goes when its finalizer is removed")
    func orphan() async throws {
        try await T.withCluster { api in
            let owner = try await api.create(.configMaps, namespace: "default", object: configMap("owner"))
            _ = try await api.create(.configMaps, namespace: "default", object: dependent("child", of: owner, .configMaps))
            let marked = try await api.deleteWithOptions(.configMaps, namespace: "default", name: "owner", options: DeleteOptions(propagationPolicy: .orphan))
            #expect(marked.isBeingDeleted)
            try await T.eventually("the owner removed") { () -> Bool? in
                try await exists(api, .configMaps, "owner") ? nil : true
            }
            let child = try await api.get(.configMaps, namespace: "default", name: "child")
            #expect(child.ownerReferences.isEmpty)
        }
    }

    @Test("Foreground: blocking dependents are deleted before the owner, which then goes")
    func foreground() async throws {
        try await T.withCluster { api in
            let owner = try await api.create(.configMaps, namespace: "default", object: configMap("owner"))
            let middle = try await api.create(.configMaps, namespace: "default", object: dependent("middle", of: owner, .configMaps))
            _ = try await api.create(.configMaps, namespace: "default", object: dependent("leaf", of: middle, .configMaps))
            // The leaf holds a finalizer: the chain has to wait for it.
            _ = try await T.modify(api, .configMaps, "leaf") { $0[path: "metadata", "finalizers"] = ["example.com/hold"] }

            let marked = try await api.deleteWithOptions(.configMaps, namespace: "default", name: "owner", options: DeleteOptions(propagationPolicy: .foreground))
            #expect(marked[path: "metadata", "finalizers"] == ["foregroundDeletion"])
            try await T.eventually("the leaf marked for deletion") { () -> Bool? in
                try await api.get(.configMaps, namespace: "default", name: "leaf").isBeingDeleted ? true : nil
            }
            #expect(try await exists(api, .configMaps, "owner"))
            #expect(try await exists(api, .configMaps, "middle"))

            _ = try await T.modify(api, .configMaps, "leaf") { $0[path: "metadata", "finalizers"] = .array([]) }
            try await T.eventually("the whole chain removed") { () -> Bool? in
                let left = try await T.list(api, .configMaps).compactMap(\.name).filter { ["owner", "middle", "leaf"].contains($0) }
                return left.isEmpty ? true : nil
            }
        }
    }

    @Test("Foreground deletion of a Deployment removes its ReplicaSets and pods before it")
    func foregroundDeployment() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: T.deployment("web", replicas: 2, labels: ["app": "web"]))
            try await T.eventually("2 pods") { () -> Bool? in
                try await T.list(api, .pods, labels: ["app": "web"]).count == 2 ? true : nil
            }
            let events = try await api.watch(.deployments, namespace: "default", fromRevision: api.store.currentRevision)
            _ = try await api.deleteWithOptions(.deployments, namespace: "default", name: "web", options: DeleteOptions(propagationPolicy: .foreground))
            for try await event in events where event.type == "DELETED" {
                // At the moment the Deployment goes, nothing it owned is left.
                #expect(try await T.list(api, .replicaSets, labels: ["app": "web"]).isEmpty)
                #expect(try await T.list(api, .pods, labels: ["app": "web"]).isEmpty)
                break
            }
        }
    }
}

@Suite("Namespace controller", .serialized)
struct NamespaceControllerTests {
    @Test("a deleted namespace is emptied (waiting for finalizers), then removed")
    func emptiesAndRemoves() async throws {
        try await T.withCluster { api in
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "n1"]])
            _ = try await api.create(.configMaps, namespace: "n1", object: configMap("plain"))
            _ = try await api.create(.configMaps, namespace: "n1", object: configMap("held", finalizers: ["example.com/hold"]))
            _ = try await api.create(.deployments, namespace: "n1", object: T.deployment("web", replicas: 1, labels: ["app": "web"]))
            _ = try await api.delete(.namespaces, namespace: "", name: "n1")
            try await T.eventually("the plain content deleted") { () -> Bool? in
                let maps = try await T.list(api, .configMaps, "n1").compactMap(\.name)
                let deployments = try await T.list(api, .deployments, "n1")
                return maps == ["held"] && deployments.isEmpty ? true : nil
            }
            let namespace = try await api.get(.namespaces, namespace: "", name: "n1")
            #expect(namespace[path: "status", "phase"] == "Terminating")
            #expect(try await api.get(.configMaps, namespace: "n1", name: "held").isBeingDeleted)

            _ = try await T.modify(api, .configMaps, "held", namespace: "n1") { $0[path: "metadata", "finalizers"] = .array([]) }
            try await T.eventually("the namespace removed") { () -> Bool? in
                try await exists(api, .namespaces, "n1", namespace: "") ? nil : true
            }
            #expect(try await T.list(api, .pods, "n1").isEmpty)
        }
    }
}
