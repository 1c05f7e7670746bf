import Foundation
import Kernel
import Testing

extension EndToEnd {
/// Jobs as a kubectl user sees them, against the real `keelson up` with the default fake
/// runtime (its small shell decides exit codes) and a 200 ms pod failure back-off: a Job whose
/// container always fails makes backoffLimit + 1 pods and ends Failed, `kubectl wait` sees an
/// Indexed Job complete, and `kubectl get jobs` shows both.
@Suite("Jobs end to end", .serialized)
struct JobEndToEndTests {
    private static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static let manifest = """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: flaky}
        spec:
          backoffLimit: 2
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo trying; exit 3"]}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata: {name: shards}
        spec:
          completions: 3
          parallelism: 2
          completionMode: Indexed
          template:
            spec:
              restartPolicy: Never
              containers:
              - {name: main, image: "busybox:1.36", command: ["sh", "-c", "echo shard $JOB_COMPLETION_INDEX; sleep 1"]}
        """

    @Test(.enabled(if: hasKubectl)) func failingJobRetriesUpToBackoffLimitAndIndexedJobCompletes() async throws {
        let session = try await KubectlSession.start(extraConfig: "controllerManager: {keelson: {podFailureBackOff: 200ms}}\n")
        defer { session.stop() }
        let file = try session.file("jobs.yaml", Self.manifest)
        try await session.expectSuccess(["apply", "-f", file])

        try await session.expectSuccess(["wait", "--for=condition=Complete", "job/shards", "--timeout=90s"])
        let shards = try await session.expectSuccess(["get", "job", "shards", "-o", "jsonpath={.status.completedIndexes} {.status.succeeded}"])
        #expect(shards == "0-2 3")
        let logs = try await session.kubectl(["logs", "-l", "batch.kubernetes.io/job-completion-index=1,job-name=shards"])
        #expect(logs.output.contains("shard 1"), "\(logs.output)")

        try await session.expectSuccess(["wait", "--for=condition=Failed", "job/flaky", "--timeout=90s"])
        let reason = try await session.expectSuccess(["get", "job", "flaky", "-o", #"jsonpath={.status.conditions[?(@.type=="Failed")].reason} {.status.failed}"#])
        #expect(reason == "BackoffLimitExceeded 3")
        let pods = try await session.expectSuccess(["get", "pods", "-l", "job-name=flaky", "--no-headers"])
        let rows = pods.split(separator: "\n")
        #expect(rows.count == 3 && rows.allSatisfy { $0.contains("Error") }, "\(pods)")
        let jobs = try await session.expectSuccess(["get", "jobs"])
        #expect(jobs.contains("flaky") && jobs.contains("shards"), "\(jobs)")
    }
}
}
