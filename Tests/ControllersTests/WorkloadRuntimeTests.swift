import Foundation
import Kernel
import Logging
import Synchronization
import Testing

@testable import Controllers

@Suite("Controller runtime: work queue, selectors, hashes, ranking")
struct WorkloadRuntimeTests {
    @Test("the work queue dedups waiting keys and never hands out a key being processed")
    func queueSemantics() async throws {
        let queue = WorkQueue<String>()
        queue.add("a")
        queue.add("a")
        queue.add("b")
        #expect(queue.count == 2)
        let first = await queue.get()
        #expect(first == "a")
        queue.add("a")  // dirty while processing: not queued yet
        #expect(queue.count == 1)
        #expect(await queue.get() == "b")
        #expect(queue.count == 0)
        queue.done("a")  // now re-queued
        #expect(queue.count == 1)
        #expect(await queue.get() == "a")
        queue.done("a")
        queue.done("b")
        #expect(queue.count == 0)
    }

    @Test("a waiting worker gets a key added later; shutDown releases waiters")
    func queueWaiters() async throws {
        let queue = WorkQueue<Int>()
        let waiter = Task { await queue.get() }
        try await Task.sleep(for: .milliseconds(10))
        queue.add(7)
        #expect(await waiter.value == 7)
        let blocked = Task { await queue.get() }
        queue.shutDown()
        #expect(await blocked.value == nil)
        queue.add(8)
        #expect(await queue.get() == nil)
    }

    @Test("cancelling a waiting get returns nil without shutting the queue down")
    func queueCancellation() async throws {
        let queue = WorkQueue<Int>()
        let waiter = Task { await queue.get() }
        waiter.cancel()
        #expect(await waiter.value == nil)
        queue.add(1)
        #expect(await queue.get() == 1)
    }

    @Test("failures back off exponentially per key; forget resets")
    func queueBackoff() async throws {
        let queue = WorkQueue<String>(baseDelay: .milliseconds(5), maxDelay: .milliseconds(40))
        #expect(queue.backoff(failures: 0) == .milliseconds(5))
        #expect(queue.backoff(failures: 2) == .milliseconds(20))
        #expect(queue.backoff(failures: 10) == .milliseconds(40))
        queue.addRateLimited("k")
        queue.addRateLimited("k")
        #expect(queue.failures("k") == 2)
        let key = try await WorkloadTesting.eventually("the delayed key", timeout: .seconds(5)) { await queue.get() }
        #expect(key == "k")
        queue.forget("k")
        #expect(queue.failures("k") == 0)
    }

    @Test("the controller index files dependents by controller uid and follows changes")
    func controllerIndex() async throws {
        try await WorkloadTesting.withCluster(controllers: false) { api in
            let informer = Informer(client: api, type: .pods, logger: Logger(label: "test"))
            let task = Task { await informer.run() }
            defer { task.cancel() }
            await informer.waitUntilSynced()
            func owned(_ name: String, by uid: String?) -> JSONValue {
                var pod = SchedulingTesting.pod(name)
                if let uid {
                    pod[path: "metadata", "ownerReferences"] = [OwnerReference(apiVersion: "apps/v1", kind: "ReplicaSet", name: "rs", uid: uid).json]
                }
                return pod
            }
            for (name, uid) in [("mine", "u-1"), ("orphan", nil), ("theirs", "u-2")] {
                _ = try await api.create(.pods, namespace: "default", object: owned(name, by: uid))
            }
            let owner: JSONValue = ["metadata": ["name": "rs", "namespace": "default", "uid": "u-1"]]
            let names = { ControllerRefClaimer.candidates(in: informer, for: owner).compactMap(\.name).sorted() }
            try await SchedulingTesting.eventually("indexed") { names() == ["mine", "orphan"] ? true : nil }
            // Adopted by someone else, the orphan leaves the candidates; a deleted pod leaves too.
            _ = try await WorkloadTesting.modify(api, .pods, "orphan") { $0[path: "metadata", "ownerReferences"] = owned("x", by: "u-2")[path: "metadata", "ownerReferences"] }
            _ = try await api.deleteWithOptions(.pods, namespace: "default", name: "mine", options: DeleteOptions(gracePeriodSeconds: 0))
            try await SchedulingTesting.eventually("reindexed") { names().isEmpty ? true : nil }
        }
    }

    @Test("label matchers evaluate matchLabels and every matchExpressions operator")
    func labelMatcher() throws {
        let json: JSONValue = [
            "matchLabels": ["app": "web"],
            "matchExpressions": [
                ["key": "tier", "operator": "In", "values": ["front", "edge"]],
                ["key": "env", "operator": "NotIn", "values": ["prod"]],
                ["key": "team", "operator": "Exists"],
                ["key": "legacy", "operator": "DoesNotExist"],
            ],
        ]
        let matcher = try #require(LabelMatcher(selector: json))
        #expect(matcher.matches(["app": "web", "tier": "edge", "team": "a"]))
        #expect(!matcher.matches(["app": "web", "tier": "back", "team": "a"]))
        #expect(!matcher.matches(["app": "web", "tier": "edge", "team": "a", "env": "prod"]))
        #expect(!matcher.matches(["app": "web", "tier": "edge"]))
        #expect(!matcher.matches(["app": "web", "tier": "edge", "team": "a", "legacy": "y"]))
        #expect(!matcher.matches(["app": "api", "tier": "edge", "team": "a"]))
        let numeric = try #require(LabelMatcher(selector: ["matchExpressions": [
            ["key": "cores", "operator": "Gt", "values": ["3"]], ["key": "cores", "operator": "Lt", "values": ["9"]],
        ]]))
        #expect(numeric.matches(["cores": "4"]))
        #expect(!numeric.matches(["cores": "3"]) && !numeric.matches(["cores": "many"]) && !numeric.matches([:]))
        #expect(LabelMatcher(selector: ["matchExpressions": [["key": "a", "operator": "Near"]]]) == nil)
        #expect(LabelMatcher(serviceSelector: [:]) == nil)
        #expect(LabelMatcher(selector: [:])?.isEmpty == true)
    }

    @Test("the pod-template-hash is stable, label-safe, ignores the hash label and changes with collisions")
    func templateHash() {
        let template: JSONValue = ["metadata": ["labels": ["app": "web"]], "spec": ["containers": [["name": "c", "image": "nginx"]]]]
        let hash = PodTemplateHash.compute(template: template)
        #expect(hash == PodTemplateHash.compute(template: template))
        #expect(!hash.isEmpty && hash.count <= 10)
        #expect(hash.allSatisfy { "bcdfghjklmnpqrstvwxz2456789".contains($0) })
        var labelled = template
        labelled.labels[PodTemplateHash.label] = hash
        #expect(PodTemplateHash.compute(template: labelled) == hash)
        #expect(PodTemplateHash.compute(template: template, collisionCount: 1) != hash)
        var changed = template
        changed[path: "spec", "containers"] = [["name": "c", "image": "nginx:2"]]
        #expect(PodTemplateHash.compute(template: changed) != hash)
        // kubectl rollout undo writes "creationTimestamp": null into the template: same template.
        var undone = template
        undone[path: "metadata", "creationTimestamp"] = JSONValue.null
        #expect(PodTemplateHash.compute(template: undone) == hash)
        #expect(PodTemplateHash.canonical(undone) == PodTemplateHash.canonical(labelled))
        #expect(PodTemplateHash.render(0) == "4")
        #expect(PodTemplateHash.render(19) == "5f")
    }

    func pod(_ name: String, node: String? = nil, phase: String = "Pending", ready: Bool = false, created: String = "2024-01-01T00:00:00Z", restarts: Int64 = 0) -> JSONValue {
        var pod: JSONValue = [
            "metadata": ["name": .string(name), "creationTimestamp": .string(created)],
            "status": ["phase": .string(phase), "containerStatuses": [["restartCount": .int(restarts)]]],
        ]
        if let node { pod[path: "spec", "nodeName"] = .string(node) }
        if ready { pod[path: "status", "conditions"] = [["type": "Ready", "status": "True", "lastTransitionTime": .string(created)]] }
        return pod
    }

    @Test("scale-down ranking: unscheduled, then pending, then not ready, crowded, restarted, newest")
    func ranking() {
        let pods = [
            pod("ready-old", node: "n1", phase: "Running", ready: true, created: "2024-01-01T00:00:00Z"),
            pod("ready-new", node: "n2", phase: "Running", ready: true, created: "2024-01-02T00:00:00Z"),
            pod("unscheduled", phase: "Pending"),
            pod("pending", node: "n3", phase: "Pending"),
            pod("running-not-ready", node: "n4", phase: "Running"),
            pod("restarting", node: "n5", phase: "Running", restarts: 3),
        ]
        let order = PodDeletionRanking.order(pods, related: pods).compactMap(\.name)
        #expect(order == ["unscheduled", "pending", "restarting", "running-not-ready", "ready-new", "ready-old"])
        // Co-location: of two otherwise equal ready pods, the one sharing a node goes first.
        let crowded = [pod("alone", node: "a", phase: "Running", ready: true), pod("shared1", node: "b", phase: "Running", ready: true), pod("shared2", node: "b", phase: "Running", ready: true)]
        #expect(PodDeletionRanking.choose(1, from: crowded, related: crowded).first?.name?.hasPrefix("shared") == true)
    }

    @Test("maxSurge rounds up, maxUnavailable down, both zero means one unavailable")
    func deploymentSpec() {
        func spec(_ replicas: Int64, surge: JSONValue?, unavailable: JSONValue?) -> DeploymentSpec {
            var rolling: JSONValue = [:]
            if let surge { rolling["maxSurge"] = surge }
            if let unavailable { rolling["maxUnavailable"] = unavailable }
            return DeploymentSpec(["spec": ["replicas": .int(replicas), "strategy": ["type": "RollingUpdate", "rollingUpdate": rolling]]])
        }
        let defaults = spec(3, surge: nil, unavailable: nil)
        #expect(defaults.maxSurge == 1 && defaults.maxUnavailable == 0)
        let ten = spec(10, surge: "25%", unavailable: "25%")
        #expect(ten.maxSurge == 3 && ten.maxUnavailable == 2)
        let zeros = spec(4, surge: 0, unavailable: "0%")
        #expect(zeros.maxSurge == 0 && zeros.maxUnavailable == 1)
        let recreate = DeploymentSpec(["spec": ["replicas": 2, "strategy": ["type": "Recreate"]]])
        #expect(recreate.strategy == .recreate && recreate.maxSurge == 0 && recreate.maxUnavailable == 0)
    }

    func condition(_ status: JSONValue, _ type: String) -> JSONValue? {
        JSONValue.object(["status": status]).statusCondition(type)
    }

    @Test("deployment status: Available, progress, completion and the progress deadline")
    func deploymentStatus() throws {
        let spec = DeploymentSpec(["spec": ["replicas": 3, "progressDeadlineSeconds": 60]])
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        var counts = DeploymentStatusBuilder.Counts()
        counts.replicas = 3
        counts.updated = 1
        counts.available = 2
        var builder = DeploymentStatusBuilder(deploymentName: "web", generation: 2, spec: spec, newReplicaSetName: "web-abc", createdNewReplicaSet: true, counts: counts)
        let first = builder.build(previous: nil, now: start)
        #expect(first.status["observedGeneration"] == 2)
        #expect(condition(first.status, "Available")?["status"] == "False")
        #expect(condition(first.status, "Progressing")?["reason"] == "ReplicaSetUpdated")
        #expect(first.recheckAfter != nil)

        // No progress for longer than the deadline: ProgressDeadlineExceeded.
        builder.createdNewReplicaSet = false
        let stuck = builder.build(previous: first.status, now: start.addingTimeInterval(61))
        let progressing = try #require(condition(stuck.status, "Progressing"))
        #expect(progressing["status"] == "False")
        #expect(progressing["reason"] == "ProgressDeadlineExceeded")
        #expect(progressing["message"] == "ReplicaSet \"web-abc\" has timed out progressing.")

        // Everything updated and available: complete.
        builder.counts = DeploymentStatusBuilder.Counts()
        builder.counts.replicas = 3
        builder.counts.updated = 3
        builder.counts.ready = 3
        builder.counts.available = 3
        #expect(builder.isComplete)
        let done = builder.build(previous: stuck.status, now: start.addingTimeInterval(70))
        #expect(condition(done.status, "Progressing")?["reason"] == "NewReplicaSetAvailable")
        #expect(condition(done.status, "Available")?["reason"] == "MinimumReplicasAvailable")
        #expect(done.status["unavailableReplicas"] == nil)
        // Rebuilding from a complete status changes nothing (no write loop).
        #expect(builder.build(previous: done.status, now: start.addingTimeInterval(500)).status == done.status)
    }

    @Test("slow start stops after the first failing batch")
    func slowStart() async {
        let calls = WorkloadCallCounter()
        let result = await ReplicaSetController.slowStart(20) {
            if calls.increment() > 5 { throw WorkloadTesting.Timeout(what: "x", last: "y") }
        }
        // Batches 1, 2, 4: the third batch has two failures.
        #expect(result.attempted == 7)
        #expect(result.succeeded == 5)
        #expect(result.error != nil)
    }
}

/// A thread-safe counter for closures called concurrently.
final class WorkloadCallCounter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
