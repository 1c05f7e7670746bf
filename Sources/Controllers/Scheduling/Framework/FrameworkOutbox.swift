import Synchronization

/// The asynchronous work the scheduling thread hands off: the DefaultBinder's Binding writes,
/// Events, status writes and evictions. The thread only appends a job under a lock; one
/// long-lived task (`run`) takes the jobs and starts a child task for each, so the serial
/// thread does not create and enqueue a task per pod, which costs it a wake-up of Swift's
/// thread pool each time. The drainer is resumed only when it had run out of jobs.
final class FrameworkOutbox: Sendable {
    /// One piece of work.
    typealias Job = @Sendable () async -> Void

    private struct State {
        var jobs: [Job] = []
        var waiter: CheckedContinuation<[Job]?, Never>?
        var closed = false
    }

    private let state = Mutex(State())

    /// Creates an empty, open outbox.
    init() {}

    /// Hands `job` to the drainer (dropped once closed).
    func post(_ job: @escaping Job) {
        let waiter = state.withLock { state -> CheckedContinuation<[Job]?, Never>? in
            guard !state.closed else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.jobs.append(job)
            return nil
        }
        waiter?.resume(returning: [job])
    }

    /// Runs the jobs as they come, each in its own child task, until `close()`; returns once the
    /// jobs taken have finished.
    func run() async {
        await withDiscardingTaskGroup { group in
            while let jobs = await next() {
                for job in jobs { group.addTask { await job() } }
            }
        }
    }

    /// Stops `run` after the jobs already posted.
    func close() {
        let waiter = state.withLock { state -> CheckedContinuation<[Job]?, Never>? in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The jobs posted since the last call, waiting for one when there are none; nil once closed
    /// and empty.
    private func next() async -> [Job]? {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [Job]?? in
                if !state.jobs.isEmpty {
                    defer { state.jobs = [] }
                    return state.jobs
                }
                if state.closed { return .some(nil) }
                state.waiter = continuation
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
