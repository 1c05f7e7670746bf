import APIServer
import Controllers
import Foundation
import Kernel
import Logging
import Testing

/// Shared by the scheduling host and cloud-node controller tests: the real plugin libraries,
/// an in-memory cluster, Node and Pod objects, and polling with deadlines.
enum SchedulingTesting {
    /// The repository root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Loads `lib<product>.so` from $KEELSON_PLUGIN_DIR, the test executable's or bundle's
    /// folder (SwiftPM builds every product there), or the repository's known build folders.
    static func load(_ product: String) throws -> LoadedPlugin {
        var folders: [String] = []
        if let folder = ProcessInfo.processInfo.environment["KEELSON_PLUGIN_DIR"] { folders.append(folder) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append((executable as NSString).deletingLastPathComponent)
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        for scratch in [".build-sched", ".build"] {
            folders.append(repositoryRoot.appendingPathComponent("\(scratch)/debug").path)
        }
        let file = "lib\(product).so"
        guard let folder = folders.first(where: { FileManager.default.fileExists(atPath: $0 + "/" + file) }) else {
            throw Failure(description: "\(file) not found in \(folders); run `swift build --product \(product)` first")
        }
        return try PluginLoader.load(file: folder + "/" + file).get()
    }

    /// Runs a build tool (`make`, `cc`) through `/usr/bin/env`; fails with its output.
    static func runTool(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "\(arguments.joined(separator: " ")) failed: \(text)") }
    }

    /// The C scheduler of interface 1.0 the loader tests use (Tests/KernelTests/Fixtures), built
    /// once per run: it places every pod on "node-a", and pods whose JSON says "fail" nowhere.
    static func interfaceOneScheduler() throws -> LoadedPlugin {
        let file = try interfaceOneLibrary.get()
        return try PluginLoader.load(file: file).get()
    }

    private static let interfaceOneLibrary: Result<String, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let output = folder.appendingPathComponent("libfixture-scheduler.so").path
        try runTool([
            "cc", "-std=c11", "-shared", "-fPIC", "-I", repositoryRoot.appendingPathComponent("Sources/PluginABI/include").path,
            repositoryRoot.appendingPathComponent("Tests/KernelTests/Fixtures/fixture_plugin.c").path, "-o", output,
        ])
        return output
    }

    static var logger: Logger {
        var logger = Logger(label: "keelson.test.scheduling")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` against a bootstrapped ClusterAPI over an in-memory store.
    static func withCluster(_ body: (ClusterAPI) async throws -> Void) async throws {
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let api = try ClusterAPI(store: store)
        try api.bootstrap()
        try await body(api)
    }

    /// Runs `body` while `run` works in a task; stops it (with `stop`) and waits for it after.
    static func running(_ run: @escaping @Sendable () async -> Void, stop: @escaping @Sendable () -> Void, _ body: () async throws -> Void) async throws {
        let task = Task { await run() }
        do {
            try await body()
        } catch {
            stop()
            await task.value
            throw error
        }
        stop()
        await task.value
    }

    /// Polls `probe` every 20 ms until it returns a value; fails after `timeout`.
    @discardableResult
    static func eventually<T>(_ what: String, timeout: Duration = .seconds(60), _ probe: () async throws -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var last = "nothing"
        while true {
            do {
                if let value = try await probe() { return value }
            } catch {
                last = "\(error)"
            }
            if ContinuousClock.now >= deadline { throw Failure(description: "timed out waiting for \(what); last: \(last)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// A Node with allocatable resources, as a kubelet registers it.
    static func node(_ name: String, cpu: String = "4", memory: String = "8Gi", labels: [String: String] = [:], taints: [JSONValue] = []) -> JSONValue {
        var node: JSONValue = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name)],
            "status": [
                "capacity": ["cpu": .string(cpu), "memory": .string(memory), "pods": "110"],
                "allocatable": ["cpu": .string(cpu), "memory": .string(memory), "pods": "110"],
            ],
        ]
        if !labels.isEmpty { node.labels = labels }
        if !taints.isEmpty { node[path: "spec", "taints"] = .array(taints) }
        return node
    }

    /// A Pod with one container.
    static func pod(_ name: String, cpu: String? = nil, nodeSelector: [String: String] = [:], schedulerName: String? = nil) -> JSONValue {
        var container: JSONValue = ["name": "app", "image": "busybox"]
        if let cpu { container["resources"] = ["requests": ["cpu": .string(cpu)]] }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)], "spec": ["containers": [container]]]
        if !nodeSelector.isEmpty { pod[path: "spec", "nodeSelector"] = .object(nodeSelector.mapValues(JSONValue.string)) }
        if let schedulerName { pod[path: "spec", "schedulerName"] = .string(schedulerName) }
        return pod
    }

    /// The Events about object `name` with `reason`.
    static func events(_ api: ClusterAPI, about name: String, reason: String, namespace: String = "default") async throws -> [JSONValue] {
        try await api.list(.events, namespace: namespace, labelSelector: [:]).items.filter {
            $0[path: "involvedObject", "name"]?.stringValue == name && $0["reason"]?.stringValue == reason
        }
    }
}
