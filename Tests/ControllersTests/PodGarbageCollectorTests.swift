import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The pod garbage collector against an in-memory cluster, with short periods: pods of a
/// deleted node are failed and force-deleted after the quarantine, pods of live nodes stay,
/// and terminated pods beyond the threshold go oldest first.
@Suite("Pod garbage collector")
struct PodGarbageCollectorTests {
    private func withCollector(threshold: Int = 12_500, _ body: (ClusterAPI) async throws -> Void) async throws {
        try await WorkloadTesting.withControllers({ _, informers in
            let collector = PodGarbageCollector(informers: informers, logger: WorkloadTesting.logger, period: .milliseconds(50),
                                                quarantine: .milliseconds(300), terminatedPodThreshold: threshold)
            return [{ await collector.run() }]
        }, body)
    }

    private static func exists(_ api: ClusterAPI, _ name: String) async throws -> Bool {
        do {
            _ = try await api.get(.pods, namespace: "default", name: name)
            return true
        } catch let error as APIError where error.code == 404 {
            return false
        }
    }

    private static func boundPod(_ api: ClusterAPI, _ name: String, node: String) async throws {
        let created = try await api.create(.pods, namespace: "default", object: ["metadata": ["name": .string(name)], "spec": ["containers": [["name": "c", "image": "nginx"]]]])
        try await WorkloadTesting.setPodState(api, created, node: node, ip: "127.244.9.\(name.count)", ready: true)
    }

    @Test("the pods of a deleted node are failed and force-deleted after the quarantine; others stay")
    func podsOfDeletedNodes() async throws {
        try await withCollector { api in
            for name in ["alive", "doomed"] { _ = try await api.create(.nodes, namespace: "", object: ["metadata": ["name": .string(name)]]) }
            try await Self.boundPod(api, "kept", node: "alive")
            try await Self.boundPod(api, "orphan", node: "doomed")
            _ = try await api.delete(.nodes, namespace: "", name: "doomed")
            try await WorkloadTesting.eventually("the pod of the deleted node to be gone") { try await Self.exists(api, "orphan") ? nil : true }
            #expect(try await Self.exists(api, "kept"))
        }
    }

    @Test("terminated pods beyond the threshold go, oldest first")
    func terminatedThreshold() async throws {
        try await withCollector(threshold: 2) { api in
            _ = try await api.create(.nodes, namespace: "", object: ["metadata": ["name": "n"]])
            for name in ["one", "two", "three", "four"] {
                try await Self.boundPod(api, name, node: "n")
                try await WorkloadTesting.modifyStatus(api, .pods, name) { $0[path: "status", "phase"] = "Succeeded" }
                try await Task.sleep(for: .milliseconds(1100))  // creationTimestamp has whole seconds
            }
            try await WorkloadTesting.eventually("two terminated pods to remain") {
                let names = try await WorkloadTesting.list(api, .pods).compactMap(\.name)
                return Set(names) == ["three", "four"] ? true : nil
            }
        }
    }
}
