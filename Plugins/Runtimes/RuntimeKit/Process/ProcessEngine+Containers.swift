import Dispatch
import Foundation
import PluginSDK
import Synchronization

extension ProcessEngine {
    /// CreateContainer: records the container (argv, environment, working directory, log path) in a READY sandbox from a pulled image.
    func createContainer(_ request: CreateContainerRequest) throws -> CreateContainerResponse {
        let (config, metadata, imageName) = try request.validated()
        return try withState { state, now in
            let sandboxID = try state.readySandboxID(request.podSandboxId ?? "")
            state.adoptPodIPs(sandboxID, from: request.sandboxConfig)
            guard let sandbox = state.sandboxes[sandboxID] else { throw PluginError.internalError("sandbox vanished") }
            guard let image = state.images.find(imageName) else {
                throw PluginError.notFound("failed to resolve image \"\(imageName)\": not found")
            }
            let pod = sandbox.metadata
            let name = "\(metadata.name)_\(pod.name)_\(pod.namespace)_\(pod.uid)_\(metadata.attempt)"
            try state.ensureFree(name) {
                "failed to reserve container name \"\(name)\": name \"\(name)\" is reserved for \"\($0)\""
            }
            let argv = Self.argv(command: config.command ?? [], args: config.args ?? [],
                                 default: ProcessImages.defaultCommand(repository: image.repository,
                                                                       configured: self.config.imageCommands))
            let shownImage = (try? ImageReference.parse(imageName))?.description ?? image.repoTags.first ?? image.id
            let id = state.addContainer(
                config, metadata: metadata, name: name, in: sandbox, image: shownImage, imageID: image.id,
                imageRef: image.repoDigests.first ?? image.id, environment: Self.environment(config.envs ?? [], sandbox: sandbox),
                now: now, details: ProcessContainerDetails(
                    argv: argv,
                    workingDir: config.workingDir?.isEmpty == false ? config.workingDir! : self.config.defaultWorkingDir))
            return CreateContainerResponse(containerId: id)
        }
    }

    /// Docker's rules with an image that has no ENTRYPOINT: `command` (with `args`) replaces
    /// it all, `args` alone replace CMD (the image's default command), neither runs the default.
    static func argv(command: [String], args: [String], default image: [String]) -> [String] {
        if !command.isEmpty { return command + args }
        if !args.isEmpty { return args }
        return image
    }

    /// The container's environment: HOSTNAME and a default PATH, then the config's envs (the
    /// last of a name wins), then POD_IP, POD_NAME and POD_NAMESPACE unless the config set them.
    static func environment(_ envs: [KeyValue], sandbox: SandboxRecord) -> [(String, String)] {
        var pairs: [(String, String)] = [
            ("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ("HOSTNAME", sandbox.hostname),
        ]
        func set(_ key: String, _ value: String, override: Bool) {
            if let index = pairs.firstIndex(where: { $0.0 == key }) {
                if override { pairs[index].1 = value }
            } else {
                pairs.append((key, value))
            }
        }
        for kv in envs where !kv.key.isEmpty { set(kv.key, kv.value, override: true) }
        if let ip = sandbox.ip { set("POD_IP", ip, override: false) }
        set("POD_NAME", sandbox.metadata.name, override: false)
        set("POD_NAMESPACE", sandbox.metadata.namespace, override: false)
        set("HOME", getuid() == 0 ? "/root" : (ProcessInfo.processInfo.environment["HOME"] ?? "/"), override: false)
        return pairs
    }

    /// The executable `name` names: itself when it has a slash, else the first executable file
    /// of that name on the container's PATH.
    static func resolve(_ name: String, environment: [(String, String)]) -> String? {
        if name.contains("/") { return name }
        let path = environment.last { $0.0 == "PATH" }?.1 ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & 0o170000) == 0o100000 /* S_ISREG */, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// StartContainer: CREATED → RUNNING, its process spawned; a start failure leaves it EXITED (128, StartError).
    func startContainer(_ request: ContainerRequest) throws -> EmptyResponse {
        // Reserve the start under the lock (CREATED → RUNNING), spawn outside it.
        let record = try withState { state, now -> ProcessContainerRecord in
            guard !state.closed else { throw PluginError.unavailable("the runtime is shutting down") }
            let id = try state.startableContainerID(request.containerId ?? "")
            guard var record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            record.state = .CONTAINER_RUNNING
            record.startedAt = now
            state.containers[id] = record
            return record
        }
        let id = record.id
        do {
            let (process, slot) = try spawn(record.argv, environment: record.environment, workingDir: record.workingDir,
                                            logPath: record.logPath, resolvConf: files.resolvConf(record.sandboxID),
                                            mounts: record.mounts) { [self] process, code, time in
                recordExit(containerID: id, process: process, code: code, at: time)
            }
            let sandboxID = record.sandboxID
            let orphan = (try? withState { state, _ -> Bool in
                guard state.containers[id] != nil else { return true }
                state.containers[id]?.process = process
                return state.closed || state.sandboxes[sandboxID]?.state != .SANDBOX_READY
            }) ?? true
            slot.fill(process)
            // Removed, its sandbox stopped, or the instance closing while it was starting.
            if orphan { terminate(process, grace: 0) }
        } catch {
            let message = "failed to create containerd task: failed to create shim task: OCI runtime create failed: "
                + "unable to start container process: \(error.message)"
            _ = try? withState { state, now in
                state.containers[id]?.state = .CONTAINER_EXITED
                state.containers[id]?.exitCode = 128
                state.containers[id]?.finishedAt = now
                state.containers[id]?.reason = "StartError"
                state.containers[id]?.message = message
            }
            throw PluginError.invalidArgument(message)
        }
        return EmptyResponse()
    }

    /// Starts `argv` with its output going to the CRI log file at `logPath` and, when given and
    /// possible, `resolvConf` as its /etc/resolv.conf and `mounts` at their paths (`MountNamespace`); `exited` runs (on
    /// the waiter thread) only after the caller filled the returned slot, once it has recorded
    /// the process.
    func spawn(
        _ argv: [String], environment: [(String, String)], workingDir: String, logPath: String, resolvConf: String? = nil, mounts: [Mount] = [],
        exited: @escaping @Sendable (ChildProcess, Int32, Int64) -> Void
    ) throws(ChildProcess.SpawnError) -> (ChildProcess, ProcessSlot) {
        guard let first = argv.first else { throw ChildProcess.SpawnError(message: "no command specified") }
        guard let path = Self.resolve(first, environment: environment) else {
            throw ChildProcess.SpawnError(message: "exec: \"\(first)\": executable file not found in $PATH")
        }
        let log = ProcessLogFile(path: logPath)
        let slot = ProcessSlot()
        do {
            let command = MountNamespace.command(path: path, argv: argv, resolvConf: resolvConf, mounts: mounts)
            let process = try ChildProcess.spawn(
                path: command.path, argv: command.argv, environment: environment, workingDir: workingDir,
                output: { stream, bytes in log.append(stream, bytes) },
                exited: { code, time in
                    log.close()
                    if let process = slot.wait() { exited(process, code, time) }
                })
            return (process, slot)
        } catch {
            log.close()
            throw error
        }
    }

    /// StopContainer: SIGTERM, then SIGKILL after `timeout` seconds; nothing for a container that does not run.
    func stopContainer(_ request: StopContainerRequest) throws -> EmptyResponse {
        var process: ChildProcess?
        // A container still being started (RUNNING, no process yet) gets its process in a moment.
        for _ in 0..<500 {
            let (found, starting) = try withState { state, _ -> (ChildProcess?, Bool) in
                let id = try state.containerID(request.containerId ?? "")
                let record = state.containers[id]
                return (record?.process, record?.state == .CONTAINER_RUNNING && record?.process == nil)
            }
            process = found
            guard starting else { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        if let process { terminate(process, grace: Double(max(request.timeout?.value ?? 0, 0))) }
        return EmptyResponse()
    }

    /// RemoveContainer: kills it if running and forgets it; an unknown ID succeeds.
    func removeContainer(_ request: ContainerRequest) throws -> EmptyResponse {
        let running = try withState { state, _ -> [ChildProcess] in
            guard let id = try? state.containerID(request.containerId ?? ""), let record = state.containers[id] else {
                return []  // already removed: CRI requires success
            }
            state.containers[id] = nil
            state.names[record.name] = nil
            return (record.process.map { [$0] } ?? []) + record.execs
        }
        running.forEach { $0.signalGroup(SIGKILL) }
        running.forEach { terminate($0, grace: 0) }
        return EmptyResponse()
    }
}

/// Hands a just-spawned process to its own waiter thread once the spawner has recorded it,
/// so an exit that comes at once is never reported before the process is known.
final class ProcessSlot: Sendable {
    private let filled = DispatchSemaphore(value: 0)
    private let value = Mutex<ChildProcess?>(nil)

    /// Sets the process (nil when the spawn failed) and lets `wait` return.
    func fill(_ process: ChildProcess?) {
        value.withLock { $0 = process }
        filled.signal()
    }

    /// Waits for `fill`.
    func wait() -> ChildProcess? {
        filled.wait()
        filled.signal()
        return value.withLock { $0 }
    }
}
