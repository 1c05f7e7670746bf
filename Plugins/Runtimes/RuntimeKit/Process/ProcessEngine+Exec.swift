import Foundation
import PluginSDK
import Synchronization

extension ProcessEngine {
    /// The cap CRI puts on each of ExecSync's outputs.
    static let execOutputLimit = 16 * 1024 * 1024

    /// Runs `cmd` as a process with the container's environment, working directory and
    /// resolv.conf, waits for it (up to `timeout` seconds, 0 = no limit: then it is killed and
    /// the call fails with KEELSON_ERR_TIMEOUT) and returns its output and exit code. A command that cannot be
    /// started answers exit code 126 or 127 with the reason on stderr, as a shell would.
    func execSync(_ request: ExecSyncRequest) throws -> ExecSyncResponse {
        guard let cmd = request.cmd, !cmd.isEmpty else { throw PluginError.invalidArgument("cmd must not be empty") }
        let timeout = max(request.timeout?.value ?? 0, 0)
        let (id, record) = try withState { state, _ -> (String, ProcessContainerRecord) in
            let id = try state.containerID(request.containerId ?? "")
            guard let record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            guard record.state == .CONTAINER_RUNNING, record.process != nil else {
                throw PluginError.failedPrecondition("container \"\(id)\" is in \(record.state.rawValue) state")
            }
            return (id, record)
        }
        guard let path = Self.resolve(cmd[0], environment: record.environment) else {
            let message = "exec: \"\(cmd[0])\": executable file not found in $PATH\n"
            return ExecSyncResponse(stdout: Data(), stderr: Data(message.utf8), exitCode: 127)
        }
        let output = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
        let process: ChildProcess
        // The same /etc/resolv.conf and mounts as the container's process (a namespace of its own, same files).
        let command = MountNamespace.command(path: path, argv: cmd, resolvConf: files.resolvConf(record.sandboxID), mounts: record.mounts)
        do {
            process = try ChildProcess.spawn(
                path: command.path, argv: command.argv, environment: record.environment, workingDir: record.workingDir,
                output: { stream, bytes in
                    output.withLock { buffers in
                        switch stream {
                        case .stdout where buffers.stdout.count < Self.execOutputLimit: buffers.stdout.append(contentsOf: bytes)
                        case .stderr where buffers.stderr.count < Self.execOutputLimit: buffers.stderr.append(contentsOf: bytes)
                        default: break
                        }
                    }
                },
                exited: { _, _ in })
        } catch {
            return ExecSyncResponse(stdout: Data(), stderr: Data((error.message + "\n").utf8), exitCode: 126)
        }
        // Known to the container while it runs, so stopping the container kills it too.
        let stillRunning = (try? withState { state, _ -> Bool in
            guard state.containers[id]?.process != nil else { return false }
            state.containers[id]?.execs.append(process)
            return true
        }) ?? false
        if !stillRunning { process.signalGroup(SIGKILL) }
        defer {
            _ = try? withState { state, _ in state.containers[id]?.execs.removeAll { $0 === process } }
        }
        guard let code = process.waitExit(seconds: timeout > 0 ? Double(timeout) : nil) else {
            process.signalGroup(SIGKILL)
            _ = process.waitExit(seconds: Self.killWait)
            throw Self.timeout("failed to exec in container: timeout \(timeout)s exceeded: context deadline exceeded")
        }
        let buffers = output.withLock { $0 }
        return ExecSyncResponse(stdout: buffers.stdout.prefix(Self.execOutputLimit),
                                stderr: buffers.stderr.prefix(Self.execOutputLimit), exitCode: code)
    }
}
