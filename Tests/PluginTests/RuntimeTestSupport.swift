import Foundation
import Kernel
import PluginABI
import Testing

/// One containerd-like instance from the real libcontainerd-like.so, with helpers that build
/// CRI messages the way a kubelet does.
struct RuntimeHarness {
    let instance: PluginInstance
    let client: RuntimePluginClient

    static func make(_ config: JSONValue = [:]) async throws -> RuntimeHarness {
        let plugin = try PluginLibraries.load("containerd-like")
        let instance = try await PluginInstance.create(plugin: plugin, config: config, label: "containerd-like@test-\(UUID().uuidString.prefix(8))")
        return RuntimeHarness(instance: instance, client: RuntimePluginClient(instance))
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
        labels: [String: String] = [:], envs: [(String, String)] = [], mounts: [JSONValue] = [], logPath: String? = nil
    ) -> JSONValue {
        var config: JSONValue = [
            "metadata": ["name": .string(name), "attempt": .int(attempt)],
            "image": ["image": .string(image)],
            "command": .array(command.map(JSONValue.string)),
            "args": .array(args.map(JSONValue.string)),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "envs": .array(envs.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "mounts": .array(mounts),
        ]
        if let logPath { config["logPath"] = .string(logPath) }
        return config
    }

    /// Pulls the image and creates a container in the sandbox; returns its ID.
    func createContainer(
        in sandbox: (String, JSONValue), _ name: String, image: String = "busybox", command: [String] = [],
        args: [String] = [], labels: [String: String] = [:], envs: [(String, String)] = [],
        mounts: [JSONValue] = [], logPath: String? = nil
    ) async throws -> String {
        _ = try await client.pullImage(image)
        let config = Self.containerConfig(name, image: image, command: command, args: args, labels: labels,
                                          envs: envs, mounts: mounts, logPath: logPath)
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

    /// Polls ContainerStatus until the container reaches `state` (deadline 3 s).
    func waitFor(_ id: String, state wanted: String) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(3)
        while true {
            let status = try await status(id)
            if status["state"]?.stringValue == wanted || Date() > deadline { return status }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
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
