import Kernel
import Logging

/// What a successful reconcile asks of its loop.
public enum ReconcileResult: Sendable, Equatable {
    /// Nothing more until the next change.
    case done
    /// Reconcile the key again after this delay even without a change (a time-based condition
    /// such as minReadySeconds or a progress deadline is pending).
    case requeueAfter(Duration)
}

/// The body every controller shares: wait for the informers to sync, queue every key, then let
/// workers pull keys and reconcile them. A reconcile that throws is retried with per-key
/// exponential back-off; success resets the back-off. Runs until its task is cancelled.
public struct ReconcileLoop: Sendable {
    /// The controller's name, for logs.
    public var name: String
    /// The queue the controller's event handlers fill.
    public var queue: WorkQueue<ObjectKey>
    /// Informers that must have synced before the first reconcile.
    public var informers: [Informer]
    /// Whether this loop also runs those informers (false when a shared factory runs them).
    public var runsInformers: Bool
    /// Worker count and resync interval.
    public var options: ControllerOptions
    /// Where failures are logged.
    public var logger: Logger
    /// Every key the controller is responsible for, queued at start and on each resync.
    public var allKeys: @Sendable () -> [ObjectKey]
    /// Makes one key's objects match their desired state.
    public var reconcile: @Sendable (ObjectKey) async throws -> ReconcileResult

    /// Describes a loop.
    public init(
        name: String, queue: WorkQueue<ObjectKey>, informers: [Informer], runsInformers: Bool,
        options: ControllerOptions, logger: Logger,
        allKeys: @escaping @Sendable () -> [ObjectKey],
        reconcile: @escaping @Sendable (ObjectKey) async throws -> ReconcileResult
    ) {
        self.name = name
        self.queue = queue
        self.informers = informers
        self.runsInformers = runsInformers
        self.options = options
        self.logger = logger
        self.allKeys = allKeys
        self.reconcile = reconcile
    }

    /// Runs until the calling task is cancelled; the queue is shut down on the way out.
    public func run() async {
        let queue = self.queue
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                if runsInformers {
                    for informer in informers { group.addTask { await informer.run() } }
                }
                for informer in informers { await informer.waitUntilSynced() }
                guard !Task.isCancelled else { return }
                logger.debug("caches synced, starting workers", metadata: ["controller": "\(name)"])
                for key in allKeys() { queue.add(key) }
                for _ in 0..<max(1, options.workers) {
                    group.addTask { await worker() }
                }
                if let interval = options.resyncInterval {
                    group.addTask {
                        while !Task.isCancelled {
                            try? await Task.sleep(for: interval)
                            if Task.isCancelled { break }
                            for key in allKeys() { queue.add(key) }
                        }
                    }
                }
            }
        } onCancel: {
            queue.shutDown()
        }
    }

    private func worker() async {
        while let key = await queue.get() {
            do {
                let result = try await reconcile(key)
                queue.forget(key)
                if case .requeueAfter(let delay) = result { queue.addAfter(key, delay: delay) }
            } catch {
                if Task.isCancelled {
                    queue.done(key)
                    return
                }
                let failures = queue.failures(key)
                let conflict = isConflict(error)
                logger.log(
                    level: conflict || failures < 3 ? .debug : .warning,
                    "reconcile failed, retrying",
                    metadata: ["controller": "\(name)", "key": "\(key)", "error": "\(error)", "failures": "\(failures + 1)"])
                queue.addRateLimited(key)
            }
            queue.done(key)
        }
    }
}
