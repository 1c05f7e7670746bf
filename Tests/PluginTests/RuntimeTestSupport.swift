import Foundation
import Kernel
import PluginABI
import Testing

/// The runtime plugins under test: the one place to add a runtime.
enum RuntimesUnderTest {
    /// The fake runtimes: they share the image catalogue, the interpreter, the shared config keys
    /// and the documented annotations, which the catalogue tests exercise.
    static let fakes = ["containerd-like", "docker-shim", "cri-o-like"]
    /// Every runtime the CRI conformance suite runs against (from their real `.so` files). The
    /// `process` runtime runs them for real: the suite only uses commands that exist for
    /// real (`sh -c 'exit 3'`, `sleep 30`, `echo hi`, `cat /etc/hostname`).
    static let all = fakes + ["process"]
}

/// One runtime instance from its real `lib<name>.so`, with helpers that build CRI messages the
/// way a kubelet does.
struct RuntimeHarness {
    let name: String
    let instance: PluginInstance
    let client: RuntimePluginClient

    static func make(_ name: String = "containerd-like", _ config: JSONValue = [:]) async throws -> RuntimeHarness {
        let plugin = try PluginLibraries.load(name)
        let instance = try await PluginInstance.create(plugin: plugin, config: config, label: "\(name)@test-\(UUID().uuidString.prefix(8))")
        return RuntimeHarness(name: name, instance: instance, client: RuntimePluginClient(instance))
    }

    func close() { instance.destroy() }

    func call(_ method: RuntimePluginClient.Method, _ request: JSONValue = [:]) async throws -> JSONValue {
        try await client.call(method, request)
    }

    static func sandboxConfig(
        _ name: String = "web-0", namespace: String = "default", uid: String? = nil, attempt: Int64 = 0,
        labels: [String: String] = [:], annotations: [String: String] = [:], logDirectory: String? = nil
    ) -> JSONValue {
        var config: JSONValue = [
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(uid ?? "uid-\(name)"), "attempt": .int(attempt)],
            "hostname": .string(name),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "annotations": .object(annotations.mapValues(JSONValue.string)),
            "dnsConfig": ["servers": ["127.0.0.53"], "searches": ["default.svc.cluster.local"]],
        ]
        if let logDirectory { config["logDirectory"] = .string(logDirectory) }
        return config
    }

    /// RunPodSandbox; returns (id, config).
    func runSandbox(_ name: String = "web-0", labels: [String: String] = [:], annotations: [String: String] = [:],
                    logDirectory: String? = nil) async throws -> (String, JSONValue) {
        let config = Self.sandboxConfig(name, labels: labels, annotations: annotations, logDirectory: logDirectory)
        return (try await client.runPodSandbox(config: config), config)
    }

    static func containerConfig(
        _ name: String, image: String = "busybox", command: [String] = [], args: [String] = [], attempt: Int64 = 0,
        labels: [String: String] = [:], annotations: [String: String] = [:], envs: [(String, String)] = [],
        mounts: [JSONValue] = [], logPath: String? = nil, memoryLimit: Int64? = nil
    ) -> JSONValue {
        var config: JSONValue = [
            "metadata": ["name": .string(name), "attempt": .int(attempt)],
            "image": ["image": .string(image)],
            "command": .array(command.map(JSONValue.string)),
            "args": .array(args.map(JSONValue.string)),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "annotations": .object(annotations.mapValues(JSONValue.string)),
            "envs": .array(envs.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "mounts": .array(mounts),
        ]
        if let logPath { config["logPath"] = .string(logPath) }
        if let memoryLimit { config["linux"] = ["resources": ["memoryLimitInBytes": .string(String(memoryLimit))]] }
        return config
    }

    /// Pulls the image and creates a container in the sandbox; returns its ID.
    func createContainer(
        in sandbox: (String, JSONValue), _ name: String, image: String = "busybox", command: [String] = [],
        args: [String] = [], labels: [String: String] = [:], annotations: [String: String] = [:],
        envs: [(String, String)] = [], mounts: [JSONValue] = [], logPath: String? = nil, memoryLimit: Int64? = nil
    ) async throws -> String {
        _ = try await client.pullImage(image)
        let config = Self.containerConfig(name, image: image, command: command, args: args, labels: labels,
                                          annotations: annotations, envs: envs, mounts: mounts, logPath: logPath,
                                          memoryLimit: memoryLimit)
        return try await client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
    }

    func start(_ id: String) async throws {
        _ = try await call(.startContainer, ["containerId": .string(id)])
    }

    func status(_ id: String) async throws -> JSONValue {
        try await client.containerStatus(id)
    }

    func state(_ id: String) async throws -> String {
        try await status(id)["state"]?.stringValue ?? ""
    }

    /// Polls ContainerStatus until the container reaches `state` (gives up after `seconds`).
    func waitFor(_ id: String, state wanted: String, seconds: Double = 10) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let status = try await status(id)
            if status["state"]?.stringValue == wanted || Date() > deadline { return status }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
    }

    /// StopContainer with a grace period in seconds.
    func stop(_ id: String, timeout: Int64 = 0) async throws {
        _ = try await call(.stopContainer, ["containerId": .string(id), "timeout": .string(String(timeout))])
    }

    /// ListContainerStats with `filter`; the stats records.
    func listStats(_ filter: JSONValue = [:]) async throws -> [JSONValue] {
        try await call(.listContainerStats, ["filter": filter])["stats"]?.arrayValue ?? []
    }

    /// A temporary directory for a sandbox's logs, removed by the caller.
    static func temporaryDirectory(_ prefix: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
    }

    /// ExecSync; returns (exit code, stdout, stderr).
    func exec(_ id: String, _ cmd: [String], timeout: Int64 = 0) async throws -> (Int64, String, String) {
        let response = try await call(.execSync, [
            "containerId": .string(id), "cmd": .array(cmd.map(JSONValue.string)), "timeout": .string(String(timeout)),
        ])
        func text(_ key: String) -> String {
            let data = response[key]?.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        return (response["exitCode"]?.intValue ?? -1, text("stdout"), text("stderr"))
    }
}

/// The status a plugin call failed with (nil when it succeeded).
func pluginStatus(_ body: () async throws -> Void) async -> Int32? {
    do {
        try await body()
        return nil
    } catch let error as PluginCallError {
        return error.status
    } catch {
        Issue.record("unexpected error \(error)")
        return -1
    }
}

/// Reads a proto3 JSON int64.
func int64(_ value: JSONValue?) -> Int64 { RuntimePluginClient.int64(value) ?? -1 }

/// One line of a container log file, read in either format a kubelet accepts (the CRI format
/// or Docker's json-file lines).
struct RuntimeLogLine: Equatable {
    var time: String
    var stream: String
    var partial: Bool
    var text: String

    /// The lines of a log file.
    static func read(_ path: String) throws -> [RuntimeLogLine] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap(parse)
    }

    /// Parses a CRI line (`<time> <stream> <F|P> <text>`) or a Docker JSON line.
    static func parse(_ line: Substring) -> RuntimeLogLine? {
        if line.first == "{" {
            guard let object = try? JSONValue(parsing: String(line)), let log = object["log"]?.stringValue,
                  let stream = object["stream"]?.stringValue, let time = object["time"]?.stringValue else { return nil }
            let partial = !log.hasSuffix("\n")
            return RuntimeLogLine(time: time, stream: stream, partial: partial, text: partial ? log : String(log.dropLast()))
        }
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return nil }
        return RuntimeLogLine(time: parts[0], stream: parts[1], partial: parts[2] == "P", text: parts.count > 3 ? parts[3] : "")
    }
}

/// What differs between the fake runtimes where the catalogue tests look (the per-flavor tests
/// check each difference in full).
enum FlavorExpectations {
    /// How `runtime` shows a fully qualified image name: docker-shim in Docker's familiar form
    /// (`nginx:latest`), the others as is.
    static func shown(_ name: String, by runtime: String) -> String {
        guard runtime == "docker-shim" else { return name }
        for prefix in ["docker.io/library/", "docker.io/"] where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            if prefix == "docker.io/library/", rest.contains("/") { continue }
            return String(rest)
        }
        return name
    }

    /// Where `runtime` keeps its images (ImageFsInfo's mountpoint).
    static func imageFsMountpoint(_ runtime: String) -> String {
        switch runtime {
        case "docker-shim": "/var/lib/docker/overlay2"
        case "cri-o-like": "/var/lib/containers/storage/overlay-images"
        default: "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"
        }
    }
}

/// The message a plugin call failed with (nil when it succeeded).
func pluginMessage(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as PluginCallError {
        return error.message
    } catch {
        Issue.record("unexpected error \(error)")
        return "\(error)"
    }
}

extension RuntimeHarness {
    /// The `info.info` object of a verbose PodSandboxStatus.
    func sandboxInfo(_ id: String) async throws -> JSONValue {
        let response = try await call(.podSandboxStatus, ["podSandboxId": .string(id), "verbose": true])
        return try JSONValue(parsing: response[path: "info", "info"]?.stringValue ?? "{}")
    }

    /// The repoTags of every image present.
    func allTags() async throws -> [String] {
        (try await call(.listImages)["images"]?.arrayValue ?? []).flatMap { $0["repoTags"]?.arrayValue ?? [] }.compactMap(\.stringValue)
    }
}
