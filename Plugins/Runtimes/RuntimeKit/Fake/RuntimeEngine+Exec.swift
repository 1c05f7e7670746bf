import Foundation
import PluginSDK

extension RuntimeEngine {
    /// The cap CRI puts on each of ExecSync's outputs.
    static let execOutputLimit = 16 * 1024 * 1024

    /// Runs `cmd` in the interpreter against the container's filesystem and environment, then
    /// takes as long as the command's sleeps add up to (up to `timeout`), outside the lock.
    func execSync(_ request: ExecSyncRequest) throws -> ExecSyncResponse {
        guard let cmd = request.cmd, !cmd.isEmpty else { throw PluginError.invalidArgument("cmd must not be empty") }
        let timeout = max(request.timeout?.value ?? 0, 0)
        let (process, started) = try withState { state, now in
            let id = try state.containerID(request.containerId ?? "")
            guard var record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            guard record.state == .CONTAINER_RUNNING else {
                throw PluginError.failedPrecondition("container \"\(id)\" is in \(record.state.rawValue) state")
            }
            var process = ContainerProcess.exec(cmd, at: now, environment: record.environment, hostname: record.hostname)
            process.advance(until: .max, fs: &record.fs)
            state.containers[id] = record
            return (process, now)
        }
        let duration = process.cursor - started
        let limit = timeout > 0 ? timeout * 1_000_000_000 : Int64.max
        if process.outcome == .blocked || duration > limit {
            guard timeout > 0 else {
                throw Self.timeout("command \(cmd) never ends and no timeout was given; the fake runtime does not wait forever")
            }
            Thread.sleep(forTimeInterval: Double(timeout))
            throw Self.timeout("failed to exec in container: timeout \(timeout)s exceeded: context deadline exceeded")
        }
        if duration > 0 { Thread.sleep(forTimeInterval: Double(duration) / 1e9) }
        var stdout = Data()
        var stderr = Data()
        var copy = process
        for chunk in copy.takeOutput() {
            if chunk.stream == .stdout { stdout.append(chunk.data) } else { stderr.append(chunk.data) }
        }
        var code: Int32 = process.lastStatus
        if case .exited(let exitCode)? = process.outcome { code = exitCode }
        return ExecSyncResponse(
            stdout: stdout.prefix(Self.execOutputLimit), stderr: stderr.prefix(Self.execOutputLimit), exitCode: code)
    }
}
