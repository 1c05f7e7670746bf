import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The CronJob controller against an in-memory cluster (no Job controller: the tests decide
/// which Jobs run and finish). An every-minute schedule whose `lastScheduleTime` is moved back
/// has a run due now, so no test waits for a clock.
@Suite("CronJob controller")
struct CronJobControllerTests {
    private func withCronJobs(_ body: (ClusterAPI) async throws -> Void) async throws {
        try await WorkloadTesting.withControllers({ _, informers in
            let controller = CronJobController(informers: informers, logger: WorkloadTesting.logger, options: WorkloadTesting.options)
            return [{ await controller.run() }]
        }, body)
    }

    private static let jobTemplate: JSONValue = [
        "metadata": ["labels": ["app": "report"]],
        "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "c", "image": "busybox"]]]]],
    ]

    /// Creates CronJob `name` (every minute, `policy`), with its last run `minutesAgo` back.
    private static func cronJob(_ api: ClusterAPI, _ name: String, policy: String = "Allow", suspend: Bool = false,
                                minutesAgo: Double? = nil) async throws -> JSONValue {
        let created = try await api.create(.cronJobs, namespace: "default", object: [
            "apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": .string(name)],
            "spec": ["schedule": "* * * * *", "concurrencyPolicy": .string(policy), "suspend": .bool(suspend), "jobTemplate": jobTemplate],
        ])
        guard let minutesAgo else { return created }
        try await WorkloadTesting.modifyStatus(api, .cronJobs, name) {
            $0[path: "status", "lastScheduleTime"] = .string(KubeTime.format(Date().addingTimeInterval(-minutesAgo * 60)))
        }
        return created
    }

    /// A Job owned by the CronJob, as an earlier run left it (finished or not).
    private static func ownedJob(_ api: ClusterAPI, _ cronJob: JSONValue, _ name: String, finished: String? = nil, at: Date = Date()) async throws {
        var job: JSONValue = [
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": ["name": .string(name), "ownerReferences": [OwnerReference(controllerOf: cronJob, type: .cronJobs).json]],
            "spec": jobTemplate["spec"] ?? [:],
        ]
        job[path: "metadata", "labels"] = ["app": "report"]
        _ = try await api.create(.jobs, namespace: "default", object: job)
        guard let finished else { return }
        try await WorkloadTesting.modifyStatus(api, .jobs, name) { job in
            job[path: "status", "conditions"] = [["type": .string(finished), "status": "True", "lastTransitionTime": .string(KubeTime.format(at))]]
            if finished == "Complete" { job[path: "status", "completionTime"] = .string(KubeTime.format(at)) }
        }
    }

    private static func jobNames(_ api: ClusterAPI) async throws -> Set<String> {
        Set(try await WorkloadTesting.list(api, .jobs).filter { !$0.isBeingDeleted }.compactMap(\.name))
    }

    @Test("a due run creates one Job named after its minute, owned and annotated, listed as active")
    func dueRun() async throws {
        try await withCronJobs { api in
            _ = try await Self.cronJob(api, "report", minutesAgo: 5)
            let job = try await WorkloadTesting.eventually("the Job of the latest missed minute") {
                try await WorkloadTesting.list(api, .jobs).first
            }
            let minute = (Int64(Date().timeIntervalSince1970) / 60)
            #expect([minute, minute - 1].map { "report-\($0)" }.contains(job.name ?? ""), "\(job.name ?? "")")
            #expect(job.controllerReference?.kind == "CronJob")
            #expect(job.labels["app"] == "report")
            let scheduled = try #require(job[path: "metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"]?.stringValue)
            #expect(job.name == "report-\(Int64(KubeTime.parse(scheduled)!.timeIntervalSince1970) / 60)")
            let status = try await WorkloadTesting.eventually("status.active to list it") {
                let status = try await api.get(.cronJobs, namespace: "default", name: "report")["status"]
                return status?["active"]?.arrayValue?.first?["name"] == job.name.map(JSONValue.string) ? status : nil
            }
            #expect(status["lastScheduleTime"] == .string(scheduled))
            try await Task.sleep(for: .milliseconds(200))
            #expect(try await Self.jobNames(api).count == 1, "one Job per scheduled time")
        }
    }

    @Test("Forbid skips a run while a Job is active; Replace deletes the active Job first; suspend runs nothing")
    func concurrencyPolicies() async throws {
        try await withCronJobs { api in
            let forbid = try await Self.cronJob(api, "forbid", policy: "Forbid")
            try await Self.ownedJob(api, forbid, "forbid-1")
            let replace = try await Self.cronJob(api, "replace", policy: "Replace")
            try await Self.ownedJob(api, replace, "replace-1")
            _ = try await Self.cronJob(api, "held", suspend: true, minutesAgo: 5)
            for name in ["forbid", "replace"] {
                try await WorkloadTesting.modifyStatus(api, .cronJobs, name) {
                    $0[path: "status", "lastScheduleTime"] = .string(KubeTime.format(Date().addingTimeInterval(-300)))
                }
            }
            try await WorkloadTesting.eventually("Replace to swap its Job") {
                let names = try await Self.jobNames(api)
                return !names.contains("replace-1") && names.contains(where: { $0.hasPrefix("replace-") }) ? true : nil
            }
            try await Task.sleep(for: .milliseconds(300))
            let names = try await Self.jobNames(api)
            #expect(names.filter { $0.hasPrefix("forbid-") } == ["forbid-1"])
            #expect(!names.contains { $0.hasPrefix("held-") })
        }
    }

    @Test("finished Jobs beyond the history limits go, oldest first; lastSuccessfulTime follows the newest success")
    func history() async throws {
        try await withCronJobs { api in
            let cronJob = try await Self.cronJob(api, "tidy", suspend: true)  // No new runs: only history changes.
            let start = Date().addingTimeInterval(-3600)
            for index in 1...5 { try await Self.ownedJob(api, cronJob, "tidy-ok-\(index)", finished: "Complete", at: start.addingTimeInterval(Double(index) * 60)) }
            for index in 1...3 { try await Self.ownedJob(api, cronJob, "tidy-bad-\(index)", finished: "Failed", at: start.addingTimeInterval(Double(index) * 60)) }
            try await WorkloadTesting.eventually("three successful and one failed Job to remain") {
                try await Self.jobNames(api) == ["tidy-ok-3", "tidy-ok-4", "tidy-ok-5", "tidy-bad-3"] ? true : nil
            }
            let status = try await api.get(.cronJobs, namespace: "default", name: "tidy")["status"]
            #expect(status?["lastSuccessfulTime"] == .string(KubeTime.format(start.addingTimeInterval(300))))
        }
    }
}
