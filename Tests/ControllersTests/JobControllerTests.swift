import APIServer
import Controllers
import Foundation
import Kernel
import Synchronization
import Testing

/// The Job controller against an in-memory cluster and a stand-in kubelet that ends each pod
/// as the test decides: retries up to backoffLimit, completions within parallelism, Indexed
/// completion, activeDeadlineSeconds, suspend and ttlSecondsAfterFinished.
@Suite("Job controller")
struct JobControllerTests {
    static let options = ControllerOptions(workers: 2, resyncInterval: nil, retryBaseDelay: .milliseconds(5), retryMaxDelay: .milliseconds(500),
                                           podFailureBackOff: .milliseconds(50), podFailureBackOffMax: .milliseconds(200))

    /// What the stand-in kubelet saw: pods running at once (most), and pods created.
    final class Observed: Sendable {
        let state = Mutex((running: 0, most: 0, created: [String]()))
    }

    /// Runs `body` with the Job controller and a kubelet that binds each new pod, runs it for
    /// `runFor`, then ends it Succeeded or Failed as `outcome(pod, attempt)` says (nil: keeps
    /// it running). Attempts count per completion index (or per Job when not Indexed).
    private func withJobs(runFor: Duration = .milliseconds(30), outcome: @escaping @Sendable (JSONValue, Int) -> String?,
                          _ body: (ClusterAPI, Observed) async throws -> Void) async throws {
        let observed = Observed()
        try await WorkloadTesting.withControllers({ api, informers in
            let controller = JobController(informers: informers, logger: WorkloadTesting.logger, options: Self.options)
            return [{ await controller.run() }, { await Self.kubelet(api, runFor: runFor, outcome: outcome, observed: observed) }]
        }, { api in try await body(api, observed) })
    }

    private static func kubelet(_ api: ClusterAPI, runFor: Duration, outcome: @escaping @Sendable (JSONValue, Int) -> String?,
                                observed: Observed) async {
        guard let stream = try? await api.watch(.pods, namespace: nil, fromRevision: 0) else { return }
        var attempts: [String: Int] = [:]
        await withDiscardingTaskGroup { group in
            do {
                for try await event in stream where event.type == "ADDED" {
                    let pod = event.object
                    let slot = pod[path: "metadata", "annotations", "batch.kubernetes.io/job-completion-index"]?.stringValue ?? "job"
                    attempts[slot, default: 0] += 1
                    let attempt = attempts[slot]!
                    observed.state.withLock { state in
                        state.running += 1
                        state.most = max(state.most, state.running)
                        state.created.append(pod.name ?? "")
                    }
                    group.addTask {
                        try? await WorkloadTesting.setPodState(api, pod, ip: "127.244.0.\(attempt % 200 + 2)", ready: true)
                        try? await Task.sleep(for: runFor)
                        guard let phase = outcome(pod, attempt) else { return }
                        observed.state.withLock { $0.running -= 1 }
                        try? await WorkloadTesting.modifyStatus(api, .pods, pod.name ?? "") { $0[path: "status", "phase"] = .string(phase) }
                    }
                }
            } catch {}
        }
    }

    private static func job(_ name: String, spec extra: JSONValue = [:]) -> JSONValue {
        var spec: JSONValue = ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]]
        for (key, value) in extra.objectValue ?? [:] { spec[key] = value }
        return ["apiVersion": "batch/v1", "kind": "Job", "metadata": ["name": .string(name)], "spec": spec]
    }

    private static func condition(_ api: ClusterAPI, _ name: String, _ type: String) async throws -> JSONValue? {
        let job = try await api.get(.jobs, namespace: "default", name: name)
        return job.statusCondition(type).flatMap { $0["status"] == "True" ? job : nil }
    }

    @Test("failures are retried up to backoffLimit, then the Job fails with BackoffLimitExceeded")
    func backoffLimit() async throws {
        try await withJobs(outcome: { _, _ in "Failed" }) { api, observed in
            _ = try await api.create(.jobs, namespace: "default", object: Self.job("flaky", spec: ["backoffLimit": 2]))
            let job = try await WorkloadTesting.eventually("the Job to fail") { try await Self.condition(api, "flaky", "Failed") }
            #expect(job.statusCondition("Failed")?["reason"] == "BackoffLimitExceeded")
            #expect(job.statusCondition("FailureTarget")?["status"] == "True")
            #expect(job[path: "status", "failed"] == 3)
            #expect(job[path: "status", "active"] == 0)
            try await Task.sleep(for: .milliseconds(300))
            #expect(observed.state.withLock { $0.created.count } == 3, "backoffLimit 2 allows three pods")
            let events = try await api.list(.events, namespace: "default", labelSelector: [:]).items
            #expect(events.contains { $0["reason"] == "BackoffLimitExceeded" })
        }
    }

    @Test("five completions with parallelism two: never more than two at once, then Complete")
    func completionsAndParallelism() async throws {
        try await withJobs(runFor: .milliseconds(80), outcome: { _, _ in "Succeeded" }) { api, observed in
            _ = try await api.create(.jobs, namespace: "default", object: Self.job("batch", spec: ["completions": 5, "parallelism": 2]))
            let job = try await WorkloadTesting.eventually("the Job to complete") { try await Self.condition(api, "batch", "Complete") }
            #expect(job[path: "status", "succeeded"] == 5)
            #expect(job.statusCondition("Complete")?["reason"] == "CompletionsReached")
            #expect(job.statusCondition("SuccessCriteriaMet")?["status"] == "True")
            #expect(job[path: "status", "completionTime"]?.stringValue != nil)
            #expect(job[path: "status", "startTime"]?.stringValue != nil)
            let (most, created) = observed.state.withLock { ($0.most, $0.created.count) }
            #expect(most <= 2)
            #expect(created == 5)
        }
    }

    @Test("Indexed: each index succeeds once (a failed one is retried), with its index in the pod")
    func indexed() async throws {
        try await withJobs(outcome: { pod, attempt in
            let index = pod[path: "metadata", "annotations", "batch.kubernetes.io/job-completion-index"]?.stringValue
            return index == "2" && attempt == 1 ? "Failed" : "Succeeded"
        }) { api, _ in
            _ = try await api.create(.jobs, namespace: "default", object: Self.job("shards", spec: ["completions": 4, "parallelism": 4, "completionMode": "Indexed"]))
            let job = try await WorkloadTesting.eventually("the Job to complete") { try await Self.condition(api, "shards", "Complete") }
            #expect(job[path: "status", "completedIndexes"] == "0-3")
            #expect(job[path: "status", "succeeded"] == 4)
            #expect(job[path: "status", "failed"] == 1)
            let pods = try await WorkloadTesting.list(api, .pods)
            let third = try #require(pods.first { $0[path: "metadata", "labels", "batch.kubernetes.io/job-completion-index"] == "3" })
            #expect(third[path: "spec", "hostname"] == "shards-3")
            #expect(third.name?.hasPrefix("shards-3-") == true)
            let env = third[path: "spec", "containers"]?.arrayValue?.first?["env"]?.arrayValue ?? []
            #expect(env.contains { $0["name"] == "JOB_COMPLETION_INDEX"
                && $0[path: "valueFrom", "fieldRef", "fieldPath"] == "metadata.annotations['batch.kubernetes.io/job-completion-index']" })
        }
    }

    @Test("activeDeadlineSeconds fails a running Job and deletes its pods; ttlSecondsAfterFinished then deletes the Job")
    func deadlineAndTTL() async throws {
        try await withJobs(outcome: { _, _ in nil }) { api, _ in
            _ = try await api.create(.jobs, namespace: "default", object: Self.job("slow", spec: ["activeDeadlineSeconds": 1, "ttlSecondsAfterFinished": 1]))
            let job = try await WorkloadTesting.eventually("the Job to pass its deadline") { try await Self.condition(api, "slow", "Failed") }
            #expect(job.statusCondition("Failed")?["reason"] == "DeadlineExceeded")
            #expect(job.statusCondition("Failed")?["message"] == "Job was active longer than specified deadline")
            try await WorkloadTesting.eventually("the running pod to be deleted") {
                try await WorkloadTesting.list(api, .pods).allSatisfy { $0.isBeingDeleted } ? true : nil
            }
            try await WorkloadTesting.eventually("the finished Job to be deleted after its TTL") { () -> Bool? in
                do {
                    _ = try await api.get(.jobs, namespace: "default", name: "slow")
                    return nil
                } catch let error as APIError where error.code == 404 {
                    return true
                }
            }
        }
    }

    @Test("suspend deletes the running pods and holds the Job; resuming runs it to completion")
    func suspendAndResume() async throws {
        try await withJobs(runFor: .milliseconds(400), outcome: { _, attempt in attempt == 1 ? nil : "Succeeded" }) { api, _ in
            _ = try await api.create(.jobs, namespace: "default", object: Self.job("held"))
            try await WorkloadTesting.eventually("a running pod") { try await WorkloadTesting.list(api, .pods).count == 1 ? true : nil }
            try await WorkloadTesting.modify(api, .jobs, "held") { $0[path: "spec", "suspend"] = true }
            let suspended = try await WorkloadTesting.eventually("the Job to be suspended") { try await Self.condition(api, "held", "Suspended") }
            #expect(suspended.statusCondition("Suspended")?["reason"] == "JobSuspended")
            try await WorkloadTesting.eventually("the pod to be deleted") {
                try await WorkloadTesting.list(api, .pods).allSatisfy { $0.isBeingDeleted } ? true : nil
            }
            try await WorkloadTesting.modify(api, .jobs, "held") { $0[path: "spec", "suspend"] = false }
            let job = try await WorkloadTesting.eventually("the Job to complete") { try await Self.condition(api, "held", "Complete") }
            #expect(job.statusCondition("Suspended")?["status"] == "False")
        }
    }
}
