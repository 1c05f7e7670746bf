import Foundation
import Kernel
import PluginABI
import Testing

/// The `process` runtime from the real libprocess.so: CRI calls that start, signal, exec into
/// and measure real child processes (`/bin/sh`, `sleep`, `python3`).
@Suite("process runtime", .serialized)
struct ProcessRuntimeTests {
    @Test func versionAndStatus() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let version = try await runtime.client.version()
        #expect(version["runtimeName"]?.stringValue == "keelson-process")
        #expect(version["runtimeApiVersion"]?.stringValue == "v1")
        let status = try await runtime.call(.status)
        let conditions = status[path: "status", "conditions"]?.arrayValue ?? []
        #expect(conditions.map { $0["type"]?.stringValue ?? "" } == ["RuntimeReady", "NetworkReady"])
        #expect(conditions.allSatisfy { $0["status"] == .bool(true) })
    }

    @Test func realExitCodesAndCRILogs() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox("exits")
        let failing = try await runtime.createContainer(in: sandbox, "failing", command: ["sh", "-c", "exit 3"])
        let echo = try await runtime.createContainer(in: sandbox, "echo", command: ["echo"], args: ["hi"])
        let mixed = try await runtime.createContainer(
            in: sandbox, "mixed", command: ["sh", "-c", "echo out; echo err >&2; printf tail"])
        #expect(try await runtime.state(failing) == "CONTAINER_CREATED")
        for id in [failing, echo, mixed] { try await runtime.start(id) }

        let failed = try await runtime.waitFor(failing, state: "CONTAINER_EXITED")
        #expect(int64(failed["exitCode"]) == 3)
        #expect(failed["reason"]?.stringValue == "Error")
        #expect(int64(failed["startedAt"]) > 0 && int64(failed["finishedAt"]) >= int64(failed["startedAt"]))
        let echoed = try await runtime.waitFor(echo, state: "CONTAINER_EXITED")
        #expect(int64(echoed["exitCode"]) == 0)
        #expect(echoed["reason"]?.stringValue == "Completed")
        _ = try await runtime.waitFor(mixed, state: "CONTAINER_EXITED")

        let echoLog = try runtime.log(echoed)
        #expect(echoLog.count == 1 && echoLog[0].hasSuffix(" stdout F hi"))
        #expect(ProcessRuntimeHarness.isCRITimestamp(String(echoLog[0].prefix { $0 != " " })))
        let mixedLog = try runtime.log(try await runtime.status(mixed)).map { $0.split(separator: " ", maxSplits: 1)[1] }
        #expect(Set(mixedLog) == ["stdout F out", "stderr F err", "stdout P tail"])
    }

    @Test func environmentWorkingDirAndPodIP() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let ip = "127.\(Int.random(in: 200...250)).\(Int.random(in: 1...250)).\(Int.random(in: 2...250))"
        let sandbox = try await runtime.runSandbox("envpod", namespace: "team", annotations: ["keelson.dev/pod-ip": ip])
        let podStatus = try await runtime.client.podSandboxStatus(sandbox.0)
        #expect(podStatus[path: "network", "ip"]?.stringValue == ip)
        #expect(podStatus["state"]?.stringValue == "SANDBOX_READY")

        let script = "echo \"$POD_IP $POD_NAME $POD_NAMESPACE $HOSTNAME $GREETING\"; pwd"
        let shell = try await runtime.createContainer(
            in: sandbox, "env", command: ["sh", "-c", script], envs: [("GREETING", "hello")], workingDir: "/tmp")
        // The pod IP is a loopback address the process can bind.
        let bind = "import os, socket; s = socket.socket(); s.bind((os.environ['POD_IP'], 0)); print('bound', s.getsockname()[0])"
        let binder = try await runtime.createContainer(in: sandbox, "bind", image: "python:3.12", command: ["python3", "-c", bind])
        try await runtime.start(shell)
        try await runtime.start(binder)
        let shellStatus = try await runtime.waitFor(shell, state: "CONTAINER_EXITED")
        #expect(try runtime.log(shellStatus).map { String($0.split(separator: " ", maxSplits: 3)[3]) }
            == ["\(ip) envpod team envpod hello", "/tmp"])
        let binderStatus = try await runtime.waitFor(binder, state: "CONTAINER_EXITED")
        #expect(int64(binderStatus["exitCode"]) == 0)
        #expect(try runtime.log(binderStatus).last?.hasSuffix("stdout F bound \(ip)") == true)
    }

    @Test func stopSendsTermThenKill() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox("stops")
        let graceful = try await runtime.createContainer(
            in: sandbox, "graceful", command: ["sh", "-c", "trap 'exit 7' TERM; echo ready; while :; do sleep 1; done"])
        let stubborn = try await runtime.createContainer(
            in: sandbox, "stubborn", command: ["sh", "-c", "trap '' TERM; echo ready; sleep 300"])
        let sleeper = try await runtime.createContainer(in: sandbox, "sleeper", command: ["sleep", "300"])
        for id in [graceful, stubborn, sleeper] { try await runtime.start(id) }
        try await runtime.waitUntilRunning([graceful, stubborn, sleeper])
        // The shells have set their traps once they said so.
        #expect(try await runtime.waitForLog(graceful, "stdout F ready"))
        #expect(try await runtime.waitForLog(stubborn, "stdout F ready"))

        try await runtime.stop(graceful, timeout: 30)
        let first = try await runtime.status(graceful)
        #expect(first["state"]?.stringValue == "CONTAINER_EXITED")
        #expect(int64(first["exitCode"]) == 7)
        try await runtime.stop(stubborn, timeout: 1)
        #expect(int64(try await runtime.status(stubborn)["exitCode"]) == 137)
        try await runtime.stop(sleeper, timeout: 0)
        let killed = try await runtime.status(sleeper)
        #expect(int64(killed["exitCode"]) == 137 && killed["reason"]?.stringValue == "Error")

        // Idempotent: stopping or removing again succeeds; unknown IDs are NOT_FOUND for stop.
        try await runtime.stop(sleeper, timeout: 0)
        _ = try await runtime.call(.removeContainer, ["containerId": .string(sleeper)])
        _ = try await runtime.call(.removeContainer, ["containerId": .string(sleeper)])
        #expect(await pluginStatus { try await runtime.stop(sleeper, timeout: 0) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await runtime.status(sleeper) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { try await runtime.start(graceful) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
    }

    @Test func startErrorsAndImages() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox("images")
        // Not pulled: NOT_FOUND. A command that does not exist: the start fails, StartError 128.
        let config = ProcessRuntimeHarness.containerConfig("c", image: "redis", command: ["true"])
        #expect(await pluginStatus {
            _ = try await runtime.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_NOT_FOUND))
        let missing = try await runtime.createContainer(in: sandbox, "missing", command: ["no-such-program-keelson"])
        #expect(await pluginStatus { try await runtime.start(missing) } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        let failed = try await runtime.status(missing)
        #expect(failed["state"]?.stringValue == "CONTAINER_EXITED" && failed["reason"]?.stringValue == "StartError")
        #expect(int64(failed["exitCode"]) == 128)
        #expect(failed["message"]?.stringValue?.contains("executable file not found in $PATH") == true)

        // Default commands: a python image runs python3 (ends at once), a server image runs until stopped.
        let python = try await runtime.createContainer(in: sandbox, "python", image: "python:3.12")
        let server = try await runtime.createContainer(in: sandbox, "server", image: "nginx")
        try await runtime.start(python)
        try await runtime.start(server)
        let pythonStatus = try await runtime.waitFor(python, state: "CONTAINER_EXITED")
        #expect(int64(pythonStatus["exitCode"]) == 0)
        try await runtime.waitUntilRunning([server])
        try await runtime.stop(server, timeout: 10)
        #expect(int64(try await runtime.status(server)["exitCode"]) == 0)

        // The image list follows CRI's rules.
        let python312 = try await runtime.client.pullImage("docker.io/library/python:3.12")
        #expect(python312.hasPrefix("sha256:"))
        let listed = try await runtime.call(.listImages, ["filter": ["image": ["image": "python:3.12"]]])
        #expect(listed["images"]?.arrayValue?.first?["repoTags"] == ["docker.io/library/python:3.12"])
        let absent = try await runtime.call(.imageStatus, ["image": ["image": "postgres"]])
        #expect(absent["image"] == nil)
        _ = try await runtime.call(.removeImage, ["image": ["image": "nginx:latest"]])
        #expect(try await runtime.call(.imageStatus, ["image": ["image": "nginx"]])["image"] == nil)
        _ = try await runtime.call(.removeImage, ["image": ["image": "nginx"]])
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("Nginx") } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test func execSyncInTheContainersEnvironment() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox("execs")
        let id = try await runtime.createContainer(
            in: sandbox, "main", command: ["sleep", "300"], envs: [("COLOUR", "teal")], workingDir: "/tmp")
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
        try await runtime.start(id)
        try await runtime.waitUntilRunning([id])

        let (code, out, err) = try await runtime.exec(id, ["sh", "-c", "echo $COLOUR; pwd; echo oops >&2; exit 4"])
        #expect(code == 4 && out == "teal\n/tmp\n" && err == "oops\n")
        #expect(try await runtime.exec(id, ["cat", "/etc/hostname"]).0 == 0)
        #expect(try await runtime.exec(id, ["no-such-program-keelson"]).0 == 127)
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["sleep", "30"], timeout: 1) } == Int32(KEELSON_ERR_TIMEOUT))
        try await runtime.stop(id, timeout: 0)
        #expect(await pluginStatus { _ = try await runtime.exec(id, ["true"]) } == Int32(KEELSON_ERR_FAILED_PRECONDITION))
    }

    @Test func statsFromProc() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let sandbox = try await runtime.runSandbox("stats")
        let busy = try await runtime.createContainer(in: sandbox, "busy", command: ["sh", "-c", "while :; do :; done"])
        let idle = try await runtime.createContainer(in: sandbox, "idle", command: ["sleep", "300"])
        try await runtime.start(busy)
        try await runtime.waitUntilRunning([busy])

        // The busy loop accumulates CPU time; poll until the kernel has accounted some.
        var stats: JSONValue = [:]
        let deadline = Date().addingTimeInterval(20)
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            stats = try await runtime.call(.containerStats, ["containerId": .string(busy)])["stats"] ?? [:]
        } while int64(stats[path: "cpu", "usageCoreNanoSeconds", "value"]) <= 0 && Date() < deadline
        #expect(int64(stats[path: "cpu", "usageCoreNanoSeconds", "value"]) > 0)
        #expect(int64(stats[path: "memory", "workingSetBytes", "value"]) > 0)
        #expect(stats[path: "attributes", "metadata", "name"]?.stringValue == "busy")
        // Between two samples far enough apart for the kernel's tick, the rate is positive.
        var rate: Int64 = 0
        repeat {
            try await Task.sleep(for: .milliseconds(200))
            let sample = try await runtime.call(.containerStats, ["containerId": .string(busy)])["stats"] ?? [:]
            rate = int64(sample[path: "cpu", "usageNanoCores", "value"])
        } while rate <= 0 && Date() < deadline
        #expect(rate > 0)

        let all = try await runtime.call(.listContainerStats, ["filter": ["podSandboxId": .string(sandbox.0)]])
        let items = all["stats"]?.arrayValue ?? []
        #expect(items.compactMap { $0[path: "attributes", "id"]?.stringValue } == [busy, idle])
        #expect(int64(items.last?[path: "memory", "workingSetBytes", "value"]) == 0)  // created, not running
        let fs = try await runtime.call(.imageFsInfo)
        #expect(fs["imageFilesystems"]?.arrayValue?.count == 1)
        try await runtime.stop(busy, timeout: 0)
    }

    @Test func sandboxStopRemoveAndDestroyLeaveNoProcesses() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        var groups: [Int64] = []
        let first = try await runtime.runSandbox("first")
        let a = try await runtime.createContainer(in: first, "a", command: ["sh", "-c", "sleep 300 & sleep 300"])
        try await runtime.start(a)
        let second = try await runtime.runSandbox("second")
        let b = try await runtime.createContainer(in: second, "b", command: ["sleep", "300"])
        try await runtime.start(b)
        let third = try await runtime.runSandbox("third")
        let c = try await runtime.createContainer(in: third, "c", command: ["sh", "-c", "sleep 300 & sleep 300"])
        try await runtime.start(c)
        try await runtime.waitUntilRunning([a, b, c])
        for id in [a, b, c] { groups.append(try await runtime.pid(id)) }
        #expect(groups.allSatisfy { $0 > 0 && !ProcessRuntimeHarness.members(ofGroup: $0).isEmpty })

        // StopPodSandbox kills its containers and forgets the IP; it is idempotent.
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(first.0)])
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(first.0)])
        let stopped = try await runtime.status(a)
        #expect(stopped["state"]?.stringValue == "CONTAINER_EXITED" && int64(stopped["exitCode"]) == 137)
        #expect(try await runtime.client.podSandboxStatus(first.0)["state"]?.stringValue == "SANDBOX_NOTREADY")
        #expect(await ProcessRuntimeHarness.gone(group: groups[0]))
        // RemovePodSandbox kills and removes; removing again succeeds.
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(second.0)])
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(second.0)])
        #expect(await pluginStatus { _ = try await runtime.status(b) } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await ProcessRuntimeHarness.gone(group: groups[1]))
        // Destroying the instance kills what is left.
        runtime.close()
        #expect(await ProcessRuntimeHarness.gone(group: groups[2]))
    }
}

/// One `process` runtime instance from the real libprocess.so, with helpers that build CRI
/// messages the way a kubelet does.
struct ProcessRuntimeHarness {
    let instance: PluginInstance
    let client: RuntimePluginClient
    let logDirectory: String

    static func make(_ config: JSONValue = [:]) async throws -> ProcessRuntimeHarness {
        let plugin = try PluginLibraries.load("process")
        let instance = try await PluginInstance.create(plugin: plugin, config: config, label: "process@test-\(UUID().uuidString.prefix(8))")
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-process-\(UUID().uuidString)").path
        return ProcessRuntimeHarness(instance: instance, client: RuntimePluginClient(instance), logDirectory: logs)
    }

    func close() {
        instance.destroy()
        try? FileManager.default.removeItem(atPath: logDirectory)
    }

    func call(_ method: RuntimePluginClient.Method, _ request: JSONValue = [:]) async throws -> JSONValue {
        try await client.call(method, request)
    }

    /// RunPodSandbox with a log directory of its own; returns (id, config).
    func runSandbox(_ name: String, namespace: String = "default", annotations: [String: String] = [:]) async throws -> (String, JSONValue) {
        let config: JSONValue = [
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string("uid-\(name)"), "attempt": 0],
            "hostname": .string(name),
            "logDirectory": .string("\(logDirectory)/\(namespace)_\(name)"),
            "annotations": .object(annotations.mapValues(JSONValue.string)),
        ]
        return (try await client.runPodSandbox(config: config), config)
    }

    static func containerConfig(
        _ name: String, image: String = "busybox", command: [String] = [], args: [String] = [],
        envs: [(String, String)] = [], workingDir: String? = nil
    ) -> JSONValue {
        var config: JSONValue = [
            "metadata": ["name": .string(name), "attempt": 0],
            "image": ["image": .string(image)],
            "command": .array(command.map(JSONValue.string)),
            "args": .array(args.map(JSONValue.string)),
            "envs": .array(envs.map { ["key": .string($0.0), "value": .string($0.1)] }),
            "logPath": .string("\(name)/0.log"),
        ]
        if let workingDir { config["workingDir"] = .string(workingDir) }
        return config
    }

    /// Pulls the image and creates a container in the sandbox; returns its ID.
    func createContainer(
        in sandbox: (String, JSONValue), _ name: String, image: String = "busybox", command: [String] = [],
        args: [String] = [], envs: [(String, String)] = [], workingDir: String? = nil
    ) async throws -> String {
        _ = try await client.pullImage(image)
        let config = Self.containerConfig(name, image: image, command: command, args: args, envs: envs, workingDir: workingDir)
        return try await client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
    }

    func start(_ id: String) async throws {
        _ = try await call(.startContainer, ["containerId": .string(id)])
    }

    func stop(_ id: String, timeout: Int64) async throws {
        _ = try await call(.stopContainer, ["containerId": .string(id), "timeout": .string(String(timeout))])
    }

    func status(_ id: String) async throws -> JSONValue {
        try await client.containerStatus(id)
    }

    func state(_ id: String) async throws -> String {
        try await status(id)["state"]?.stringValue ?? ""
    }

    /// The container's process (group) ID from the verbose status.
    func pid(_ id: String) async throws -> Int64 {
        let response = try await call(.containerStatus, ["containerId": .string(id), "verbose": true])
        let info = try JSONValue(parsing: Data((response[path: "info", "info"]?.stringValue ?? "{}").utf8))
        return info["pid"]?.intValue ?? 0
    }

    /// Polls ContainerStatus until the container reaches `state` (gives up after 20 s).
    func waitFor(_ id: String, state wanted: String) async throws -> JSONValue {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let status = try await status(id)
            if status["state"]?.stringValue == wanted || Date() > deadline { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Polls the container's log until a line ends with `text` (gives up after 20 s).
    func waitForLog(_ id: String, _ text: String) async throws -> Bool {
        let deadline = Date().addingTimeInterval(20)
        let status = try await status(id)
        while Date() < deadline {
            if ((try? log(status)) ?? []).contains(where: { $0.hasSuffix(text) }) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    /// Expects every container to be running.
    func waitUntilRunning(_ ids: [String]) async throws {
        for id in ids { #expect(try await state(id) == "CONTAINER_RUNNING") }
    }

    /// ExecSync; returns (exit code, stdout, stderr).
    func exec(_ id: String, _ cmd: [String], timeout: Int64 = 0) async throws -> (Int64, String, String) {
        let response = try await call(.execSync, [
            "containerId": .string(id), "cmd": .array(cmd.map(JSONValue.string)), "timeout": .string(String(timeout)),
        ])
        func text(_ key: String) -> String {
            String(decoding: response[key]?.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data(), as: UTF8.self)
        }
        return (int64(response["exitCode"]), text("stdout"), text("stderr"))
    }

    /// The lines of the container's CRI log file.
    func log(_ status: JSONValue) throws -> [String] {
        let path = status["logPath"]?.stringValue ?? ""
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }


    /// "2024-05-01T10:00:00.123456789Z".
    static func isCRITimestamp(_ text: String) -> Bool {
        text.count == 30 && text.hasSuffix("Z") && text.dropFirst(10).first == "T" && text.dropFirst(19).first == "."
    }

    /// The live (non-zombie) processes whose process group is `group`.
    static func members(ofGroup group: Int64) -> [Int] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int? in
            guard let pid = Int(entry), let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
            let text = String(decoding: data, as: UTF8.self)
            guard let close = text.lastIndex(of: ")") else { return nil }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 2, fields[0] != "Z", Int64(fields[2]) == group else { return nil }
            return pid
        }
    }

    /// Whether the group's processes are all gone (polls up to 10 s: the kernel reaps reparented ones).
    static func gone(group: Int64) async -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !members(ofGroup: group).isEmpty {
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
