import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, stats: ContainerStats and ListContainerStats with their filters, for every
/// runtime under test; the fakes' CPU and memory model, writable layer, and the documented
/// annotations (CPU and memory use, memory growth up to an OOM kill, start latency).
@Suite("CRI conformance: stats")
struct RuntimeStatsTests {
    @Test(arguments: RuntimesUnderTest.all)
    func statsOfARunningContainer(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["sleep", "30"], labels: ["tier": "web"])
        try await harness.start(id)
        let first = try #require(try await harness.call(.containerStats, ["containerId": .string(id)])["stats"])
        #expect(first[path: "attributes", "id"] == .string(id))
        #expect(first[path: "attributes", "metadata", "name"] == "app")
        #expect(first[path: "attributes", "labels", "tier"] == "web")
        #expect(int64(first[path: "cpu", "timestamp"]) > 0)
        #expect(int64(first[path: "memory", "workingSetBytes", "value"]) > 0)
        try await Task.sleep(for: .milliseconds(50))
        let second = try #require(try await harness.call(.containerStats, ["containerId": .string(id)])["stats"])
        #expect(int64(second[path: "cpu", "usageCoreNanoSeconds", "value"]) >= int64(first[path: "cpu", "usageCoreNanoSeconds", "value"]))
        #expect(await pluginStatus { _ = try await harness.call(.containerStats, ["containerId": "missing"]) } == Int32(KEELSON_ERR_NOT_FOUND))
    }

    @Test(arguments: RuntimesUnderTest.all)
    func listFiltersStats(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let first = try await harness.runSandbox("a")
        let second = try await harness.runSandbox("b")
        let a1 = try await harness.createContainer(in: first, "one", command: ["sleep", "30"], labels: ["tier": "web"])
        let a2 = try await harness.createContainer(in: first, "two", command: ["sleep", "30"], labels: ["tier": "db"])
        let b1 = try await harness.createContainer(in: second, "three", command: ["sleep", "30"], labels: ["tier": "web"])
        for id in [a1, a2, b1] { try await harness.start(id) }
        func ids(_ filter: JSONValue) async throws -> Set<String> {
            Set(try await harness.listStats(filter).compactMap { $0[path: "attributes", "id"]?.stringValue })
        }
        #expect(try await ids([:]) == [a1, a2, b1])
        #expect(try await ids(["id": .string(a2)]) == [a2])
        #expect(try await ids(["podSandboxId": .string(first.0)]) == [a1, a2])
        #expect(try await ids(["labelSelector": ["tier": "web"]]) == [a1, b1])
        #expect(try await ids(["podSandboxId": .string(second.0), "labelSelector": ["tier": "db"]]) == [])
    }

    // The fakes' model.

    @Test(arguments: RuntimesUnderTest.fakes)
    func cpuAccumulatesAtTheProfileRateAndStopsAtExit(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(
            in: try await harness.runSandbox(), "app", command: ["sleep", "30"], annotations: ["keelson.dev/cpu-usage": "250m"])
        #expect(int64(try await harness.listStats(["id": .string(id)]).first?[path: "cpu", "usageCoreNanoSeconds", "value"]) == 0)
        try await harness.start(id)
        let running = try #require(try await harness.listStats(["id": .string(id)]).first)
        #expect(int64(running[path: "cpu", "usageNanoCores", "value"]) == 250_000_000)
        try await Task.sleep(for: .milliseconds(100))
        try await harness.stop(id)
        let exited = try await harness.status(id)
        let ran = int64(exited["finishedAt"]) - int64(exited["startedAt"])
        #expect(ran >= 100_000_000)
        let final = try #require(try await harness.listStats(["id": .string(id)]).first)
        #expect(int64(final[path: "cpu", "usageCoreNanoSeconds", "value"]) == ran / 4)
        #expect(int64(final[path: "cpu", "usageNanoCores", "value"]) == 0)
        #expect(int64(final[path: "memory", "workingSetBytes", "value"]) == 0)
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func memoryGrowsAndTheLimitOOMKills(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let growth = ["keelson.dev/memory-usage": "10Mi", "keelson.dev/memory-growth-per-second": "20Mi"]
        // Far below its limit, the working set grows from its start.
        let grower = try await harness.createContainer(in: sandbox, "grower", command: ["sleep", "30"], annotations: growth, memoryLimit: 1 << 40)
        try await harness.start(grower)
        let first = try #require(try await harness.listStats(["id": .string(grower)]).first)
        let early = int64(first[path: "memory", "workingSetBytes", "value"])
        #expect(early >= 10 << 20)
        #expect(int64(first[path: "memory", "availableBytes", "value"]) == (1 << 40) - early)
        try await Task.sleep(for: .milliseconds(50))
        let later = int64(try await harness.listStats(["id": .string(grower)]).first?[path: "memory", "workingSetBytes", "value"])
        #expect(later > early)
        // 10 MiB to start, 20 MiB a second, a 16 MiB limit: killed 0.3 s after it starts.
        let hog = try await harness.createContainer(in: sandbox, "hog", command: ["sleep", "30"], annotations: growth, memoryLimit: 16 << 20)
        try await harness.start(hog)
        let status = try await harness.waitFor(hog, state: "CONTAINER_EXITED")
        #expect(status["exitCode"] == 137)
        #expect(status["reason"] == "OOMKilled")
        let ran = int64(status["finishedAt"]) - int64(status["startedAt"])
        #expect(ran >= 300_000_000 && ran < 301_000_000)
        // Starting above the limit is killed at once.
        let big = try await harness.createContainer(
            in: sandbox, "big", command: ["sleep", "30"], annotations: ["keelson.dev/memory-usage": "32Mi"], memoryLimit: 16 << 20)
        try await harness.start(big)
        let killed = try await harness.waitFor(big, state: "CONTAINER_EXITED")
        #expect(killed["reason"] == "OOMKilled")
        #expect(int64(killed["finishedAt"]) == int64(killed["startedAt"]))
        #expect(try await harness.state(grower) == "CONTAINER_RUNNING")
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func podAnnotationsApplyPerContainerOrToTheWholePod(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox(annotations: [
            "keelson.dev/memory-usage": "64Mi", "memory-usage.keelson.dev/db": "300Mi", "keelson.dev/cpu-usage": "1",
        ])
        let web = try await harness.createContainer(in: sandbox, "web", command: ["sleep", "30"])
        let db = try await harness.createContainer(in: sandbox, "db", command: ["sleep", "30"])
        let own = try await harness.createContainer(in: sandbox, "own", command: ["sleep", "30"], annotations: ["keelson.dev/memory-usage": "1Mi"])
        for id in [web, db, own] { try await harness.start(id) }
        func workingSet(_ id: String) async throws -> Int64 {
            int64(try await harness.listStats(["id": .string(id)]).first?[path: "memory", "workingSetBytes", "value"])
        }
        #expect(try await workingSet(web) == 64 << 20)
        #expect(try await workingSet(db) == 300 << 20)
        #expect(try await workingSet(own) == 1 << 20)
        #expect(int64(try await harness.listStats(["id": .string(web)]).first?[path: "cpu", "usageNanoCores", "value"]) == 1_000_000_000)
        // A malformed value is refused when the container is created.
        #expect(await pluginStatus {
            _ = try await harness.createContainer(in: sandbox, "bad", command: ["true"], annotations: ["keelson.dev/memory-usage": "lots"])
        } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func theWritableLayerHoldsWhatTheContainerWrote(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let id = try await harness.createContainer(in: try await harness.runSandbox(), "app", command: ["sh", "-c", "echo 12345 > /tmp/a; sleep 30"])
        try await harness.start(id)
        var layer = try #require(try await harness.listStats(["id": .string(id)]).first?["writableLayer"])
        #expect(int64(layer[path: "usedBytes", "value"]) == 6)
        #expect(int64(layer[path: "inodesUsed", "value"]) == 1)
        #expect(layer[path: "fsId", "mountpoint"] == .string(FlavorExpectations.imageFsMountpoint(runtime)))
        _ = try await harness.exec(id, ["sh", "-c", "mkdir /data; echo more > /data/b; rm /tmp/a"])
        layer = try #require(try await harness.listStats(["id": .string(id)]).first?["writableLayer"])
        #expect(int64(layer[path: "usedBytes", "value"]) == 5)
        #expect(int64(layer[path: "inodesUsed", "value"]) == 2)
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func startLatencyAnnotationAndConfig(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime, ["startDelayMs": 100])
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let plain = try await harness.createContainer(in: sandbox, "plain", command: ["sleep", "60"])
        var started = Date()
        try await harness.start(plain)
        #expect(Date().timeIntervalSince(started) >= 0.1)
        let slow = try await harness.createContainer(in: sandbox, "slow", command: ["sleep", "60"], annotations: ["keelson.dev/start-latency": "300ms"])
        started = Date()
        try await harness.start(slow)
        #expect(Date().timeIntervalSince(started) >= 0.4)
    }
}
