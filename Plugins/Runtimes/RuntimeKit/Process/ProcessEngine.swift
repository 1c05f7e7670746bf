import Foundation
import PluginABI
import PluginSDK
import Synchronization

/// The `process` runtime's engine: CRI's sandboxes, containers and images, each container a
/// real process. All state is behind one mutex that is never held while waiting for a process
/// (spawning, signalling and waiting happen outside it); exits arrive from waiter threads.
final class ProcessEngine: CRIEngine {
    /// The plugin config.
    let config: ProcessRuntimeConfig
    /// Everything the runtime knows.
    let state = Mutex(ProcessRuntimeState())

    /// How long a kill waits for a process and its output before giving up on it.
    static let killWait = 10.0

    /// The sandboxes' files (resolv.conf).
    let files: ProcessSandboxFiles

    init(config: ProcessRuntimeConfig) {
        self.config = config
        self.files = ProcessSandboxFiles(root: config.sandboxRoot)
    }

    /// Runs `body` on the state under the lock, with the current time.
    func withState<R: Sendable>(_ body: (inout ProcessRuntimeState, Int64) throws -> R) throws -> R {
        let now = Identifiers.now()
        return try state.withLock { state throws -> R in try body(&state, now) }
    }

    /// Kills every process the instance started and waits for them: no orphans survive the
    /// instance. Nothing starts afterwards.
    func close() {
        let (processes, sandboxIDs) = state.withLock { state -> ([ChildProcess], [String]) in
            state.closed = true
            return (state.containers.values.flatMap { ($0.process.map { [$0] } ?? []) + $0.execs }, Array(state.sandboxes.keys))
        }
        processes.forEach { $0.signalGroup(SIGKILL) }
        processes.forEach { _ = $0.waitExit(seconds: Self.killWait) }
        sandboxIDs.forEach(files.remove)
    }

    /// Records the exit of a container's main process (from its waiter thread) and kills the
    /// ExecSync processes still running in it.
    func recordExit(containerID: String, process: ChildProcess, code: Int32, at time: Int64) {
        let execs = state.withLock { state -> [ChildProcess] in
            guard var record = state.containers[containerID], record.process === process else { return [] }
            record.state = .CONTAINER_EXITED
            record.exitCode = code
            record.finishedAt = max(time, record.startedAt)
            record.reason = code == 0 ? "Completed" : "Error"
            record.process = nil
            let execs = record.execs
            record.execs = []
            state.containers[containerID] = record
            return execs
        }
        execs.forEach { $0.signalGroup(SIGKILL) }
    }

    /// Stops a running container: SIGTERM to its process group, SIGKILL when it is still
    /// running after `grace` seconds (at once for 0). Returns when the exit is recorded.
    func terminate(_ process: ChildProcess, grace: Double) {
        if grace > 0 {
            process.signalGroup(SIGTERM)
            if process.waitExit(seconds: grace) != nil { return }
        }
        process.signalGroup(SIGKILL)
        _ = process.waitExit(seconds: Self.killWait)
    }

    /// The timeout error (KEELSON_ERR_TIMEOUT).
    static func timeout(_ message: String) -> PluginError {
        PluginError(Int32(KEELSON_ERR_TIMEOUT), message)
    }
}
