import Foundation
import PluginABI
import PluginSDK
import Synchronization

/// The fake CRI runtime: sandboxes, containers and images with CRI's state machines, all
/// state behind one mutex (the timer thread and the host's calls share it).
final class RuntimeEngine: CRIEngine {
    let config: RuntimeConfig
    let flavor: RuntimeFlavor
    let catalogue: ImageCatalogue
    let state = Mutex(RuntimeState())
    private let timer = ExitTimer()

    init(config: RuntimeConfig, flavor: RuntimeFlavor) {
        self.config = config
        self.flavor = flavor
        self.catalogue = ImageCatalogue(allowedRegistries: config.allowedRegistries)
        timer.setAction { [weak self] in self?.settleAll() }
    }

    /// Stops the timer thread; the instance answers no more calls after this.
    func close() {
        timer.stop()
    }

    /// Settles every container to now; returns the next moment one has something to do.
    func settleAll() -> Int64? {
        let now = Identifiers.now()
        return state.withLock { state in
            state.settle(now: now)
            return state.nextWake()
        }
    }

    /// Runs `body` on the settled state under the lock, then arms the timer for what it started.
    func withState<R: Sendable>(_ body: (inout RuntimeState, Int64) throws -> R) throws -> R {
        let now = Identifiers.now()
        let (result, wake) = try state.withLock { state throws -> (R, Int64?) in
            state.settle(now: now)
            let result = try body(&state, now)
            state.settle(now: now)
            return (result, state.nextWake())
        }
        if let wake { timer.wake(at: wake) }
        return result
    }

    /// Sleeps `milliseconds` (a configured latency), outside the lock.
    static func pause(milliseconds: Int) {
        if milliseconds > 0 { Thread.sleep(forTimeInterval: Double(milliseconds) / 1000) }
    }

    static func timeout(_ message: String) -> PluginError {
        PluginError(Int32(KEELSON_ERR_TIMEOUT), message)
    }
}

extension RuntimeState {
    /// Advances every running container's process to `now`, writes its output to its log and
    /// records exits.
    mutating func settle(now: Int64) {
        // In place: a running container's record is changed where it lives, not copied out and back.
        var index = containers.values.startIndex
        while index != containers.values.endIndex {
            if containers.values[index].state == .CONTAINER_RUNNING {
                containers.values[index].settle(now: now)
            }
            containers.values.formIndex(after: &index)
        }
    }

    /// The earliest moment a running process has something to do (or is OOM-killed).
    func nextWake() -> Int64? {
        containers.values.compactMap { record -> Int64? in
            guard record.state == .CONTAINER_RUNNING else { return nil }
            return [record.process?.wakeTime, record.oomAt].compactMap { $0 }.min()
        }.min()
    }

    /// Kills a running container at once (SIGKILL: exit 137) or, with a grace period, lets a
    /// process that handles SIGTERM exit 0. Not running: nothing to do.
    mutating func kill(_ id: String, now: Int64, graceful: Bool, flavor: RuntimeFlavor) {
        guard var record = containers[id], record.state == .CONTAINER_RUNNING else { return }
        let code: Int32 = graceful && record.plan.handlesTermination ? 0 : 137
        record.state = .CONTAINER_EXITED
        record.exitCode = code
        record.finishedAt = max(now, record.startedAt)
        record.reason = flavor.exitReason(code: code, oomKilled: false)
        record.process = nil
        record.oomAt = nil
        containers[id] = record
    }
}

extension ContainerRecord where Details == FakeContainerDetails {
    /// Advances the running process to `now`, writes its output to the log and records its exit
    /// (or its OOM kill, if that comes first).
    mutating func settle(now: Int64) {
        // Taken out while it runs so that its buffers are not shared (no copy on write).
        guard var process = details.process else { return }
        details.process = nil
        let until = details.oomAt.map { min($0 - 1, now) } ?? now
        process.advance(until: until, fs: &details.fs)
        ContainerLog.append(process.takeOutput(), to: logPath, format: details.logFormat)
        if case .exited(let code)? = process.outcome {
            state = .CONTAINER_EXITED
            exitCode = code
            finishedAt = max(process.cursor, startedAt)
            reason = ContainerExit.reason(code: code, oomKilled: false)
        } else if let oomAt = details.oomAt, oomAt <= now {
            state = .CONTAINER_EXITED
            exitCode = 137
            finishedAt = max(oomAt, startedAt)
            reason = ContainerExit.reason(code: 137, oomKilled: true)
        } else {
            details.process = process
        }
    }
}
