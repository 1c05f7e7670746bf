import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The disruption controller with the workload controllers, and evictions spending its budgets.
@Suite("Disruption controller")
struct DisruptionControllerTests {
    static func budget(_ name: String, app: String, _ bound: (String, JSONValue)) -> JSONValue {
        ["apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": .string(name)],
         "spec": ["selector": ["matchLabels": ["app": .string(app)]], bound.0: bound.1]]
    }

    /// The budget once its status satisfies `condition`.
    static func status(_ api: ClusterAPI, _ name: String, _ what: String, _ condition: @escaping (JSONValue) -> Bool) async throws -> JSONValue {
        try await WorkloadTesting.eventually(what) {
            let budget = try await api.get(.podDisruptionBudgets, namespace: "default", name: name)
            return condition(budget["status"] ?? [:]) ? Optional(budget["status"] ?? [:]) : nil
        }
    }

    /// The APIError `body` throws (nil, recorded as a failure, when it throws none).
    static func refusal(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> APIError? {
        do {
            try await body()
            Issue.record("expected an APIError, got success", sourceLocation: sourceLocation)
        } catch let error as APIError {
            return error
        } catch {
            Issue.record("expected an APIError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }

    static func allowedCondition(_ status: JSONValue) -> JSONValue? {
        status["conditions"]?.arrayValue?.first { $0["type"] == "DisruptionAllowed" }
    }

    @Test("a Deployment's budget counts its replicas and Ready pods, and evictions spend it")
    func deploymentBudget() async throws {
        try await WorkloadTesting.withCluster { api in
            _ = try await api.create(.deployments, namespace: "default", object: WorkloadTesting.deployment("web", replicas: 3, labels: ["app": "web"]))
            _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: Self.budget("web", app: "web", ("maxUnavailable", 1)))
            let pods = try await WorkloadTesting.eventually("3 web pods") {
                let pods = try await WorkloadTesting.list(api, .pods, labels: ["app": "web"])
                return pods.count == 3 ? pods : nil
            }
            let waiting = try await Self.status(api, "web", "the budget to see 3 unready pods") {
                $0["expectedPods"] == 3 && $0["observedGeneration"] == 1
            }
            #expect(waiting["desiredHealthy"] == 2 && waiting["currentHealthy"] == 0 && waiting["disruptionsAllowed"] == 0)
            #expect(Self.allowedCondition(waiting)?["reason"] == "InsufficientPods")
            #expect(Self.allowedCondition(waiting)?["status"] == "False")

            for (index, pod) in pods.enumerated() {
                try await WorkloadTesting.setPodState(api, pod, ip: "127.0.9.\(index + 1)", ready: true)
            }
            let healthy = try await Self.status(api, "web", "3 healthy pods") { $0["currentHealthy"] == 3 }
            #expect(healthy["disruptionsAllowed"] == 1)
            #expect(Self.allowedCondition(healthy)?["reason"] == "SufficientPods")

            // One eviction is allowed: the pod is marked and terminating, the budget spent.
            let victim = pods[0].name ?? ""
            try await api.evict(podNamespace: "default", podName: victim, options: DeleteOptions())
            let evicted = try await api.get(.pods, namespace: "default", name: victim)
            #expect(evicted.isBeingDeleted)
            let target = evicted[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "DisruptionTarget" }
            #expect(target?["reason"] == "EvictionByEvictionAPI" && target?["status"] == "True")
            let spent = try await Self.status(api, "web", "the eviction to be seen") { $0["currentHealthy"] == 2 && $0["disruptedPods"] == nil }
            #expect(spent["disruptionsAllowed"] == 0)

            // A second one would leave fewer than 2 healthy pods.
            let refused = await Self.refusal { try await api.evict(podNamespace: "default", podName: pods[1].name ?? "", options: DeleteOptions()) }
            #expect(refused?.code == 429)
            #expect(refused?.message == "Cannot evict pod as it would violate the pod's disruption budget.")
            #expect(refused?.causes.first?.message == "The disruption budget web needs 2 healthy pods and has 2 currently")
            #expect(refused?.causes.first?.type == "DisruptionBudget")

            // A percentage minAvailable is taken of the Deployment's replicas, rounded up.
            try await WorkloadTesting.modify(api, .podDisruptionBudgets, "web") { budget in
                budget[path: "spec", "maxUnavailable"] = nil
                budget[path: "spec", "minAvailable"] = "34%"
            }
            let percent = try await Self.status(api, "web", "the new generation to be observed") { $0["observedGeneration"] == 2 }
            #expect(percent["expectedPods"] == 3 && percent["desiredHealthy"] == 2)
        }
    }

    @Test("pods without a controller are left out of the scale, pods whose controller is missing fail the sync, stale DisruptionTargets clear")
    func unmanagedPods() async throws {
        try await WorkloadTesting.withControllers({ _, informers in
            let controller = DisruptionController(informers: informers, logger: WorkloadTesting.logger, options: WorkloadTesting.options,
                                                  stalePodDisruptionTimeout: .seconds(1))
            return [{ await controller.run() }]
        }) { api in
            var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "solo", "labels": ["app": "solo"]],
                                  "spec": ["containers": [["name": "main", "image": "nginx:1.25"]]]]
            pod = try await api.create(.pods, namespace: "default", object: pod)
            try await WorkloadTesting.setPodState(api, pod, ip: "127.0.9.20", ready: true)
            _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: Self.budget("solo", app: "solo", ("maxUnavailable", "50%")))
            let unscaled = try await Self.status(api, "solo", "the budget to be observed") { $0["observedGeneration"] == 1 }
            #expect(unscaled["expectedPods"] == 0 && unscaled["currentHealthy"] == 1 && unscaled["disruptionsAllowed"] == 0)

            _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: Self.budget("floor", app: "solo", ("minAvailable", 0)))
            let counted = try await Self.status(api, "floor", "the pod to be counted") { $0["expectedPods"] == 1 }
            #expect(counted["currentHealthy"] == 1 && counted["desiredHealthy"] == 0 && counted["disruptionsAllowed"] == 1)

            // Two budgets select the pod: the eviction subresource refuses.
            let refused = await Self.refusal { try await api.evict(podNamespace: "default", podName: "solo", options: DeleteOptions()) }
            #expect(refused?.code == 500)
            #expect(refused?.message == "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.")

            var orphan: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": [
                "name": "orphan", "labels": ["app": "orphan"],
                "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "gone", "uid": "0000-gone", "controller": true]],
            ], "spec": ["containers": [["name": "main", "image": "nginx:1.25"]]]]
            orphan = try await api.create(.pods, namespace: "default", object: orphan)
            _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: Self.budget("orphan", app: "orphan", ("maxUnavailable", 1)))
            let failed = try await Self.status(api, "orphan", "the sync to fail") { Self.allowedCondition($0)?["reason"] == "SyncFailed" }
            #expect(failed["disruptionsAllowed"] == 0)
            #expect(Self.allowedCondition(failed)?["message"] == "found no controllers for pod \"orphan\"")
            let warned = try await WorkloadTesting.eventually("the failure's event") {
                let events = try await WorkloadTesting.list(api, .events)
                return events.first { $0["reason"] == "CalculateExpectedPodCountFailed" && $0[path: "involvedObject", "name"] == "orphan" }
            }
            #expect(warned["type"] == "Warning")

            // A pod marked as a disruption target whose deletion never came keeps the condition
            // True only until it goes stale (1 s here, 2 min by default).
            var marked = try await api.get(.pods, namespace: "default", name: "solo")
            var conditions = marked[path: "status", "conditions"]?.arrayValue ?? []
            conditions.append(["type": "DisruptionTarget", "status": "True", "reason": "EvictionByEvictionAPI",
                               "message": "Eviction API: evicting", "lastTransitionTime": .string(KubeTime.now())])
            marked[path: "status", "conditions"] = .array(conditions)
            _ = try await api.updateStatus(.pods, namespace: "default", object: marked)
            let cleared = try await WorkloadTesting.eventually("the stale DisruptionTarget to be cleared") {
                let pod = try await api.get(.pods, namespace: "default", name: "solo")
                let target = pod[path: "status", "conditions"]?.arrayValue?.first { $0["type"] == "DisruptionTarget" }
                return target?["status"] == "False" ? target : nil
            }
            #expect(cleared["reason"] == nil)
            #expect(warned["message"] == "Failed to calculate the number of expected pods: found no controllers for pod \"orphan\"")
        }
    }
}
