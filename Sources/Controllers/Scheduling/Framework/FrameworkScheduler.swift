import Foundation
import Kernel
import Logging
import Synchronization

/// A scheduler of interface 2.0, as kube-scheduler runs a KubeSchedulerConfiguration: the
/// profiles of one `SchedulerConfiguration`, their plugins provided by scheduler bundles, one
/// scheduling queue, and Kubernetes' scheduling and binding cycles run by the host.
///
/// The scheduling loop runs on a dedicated thread (bundle calls are synchronous and may block);
/// informers for Nodes, Pods and Namespaces feed it through a lock-protected inbox. Pods go to
/// the profile named by `spec.schedulerName` ("default-scheduler" when unset); pods naming none
/// of the profiles are left alone. Results are what kube-scheduler writes: the PodScheduled
/// condition with reason `Unschedulable` or `SchedulerError` and its FitError message,
/// `status.nominatedNodeName`, and `FailedScheduling` / `Scheduled` Events.
public final class FrameworkScheduler: Sendable {
    /// Tuning, mostly for tests.
    public struct Options: Sendable {
        /// How long an unschedulable pod waits for a helpful event before it is retried anyway
        /// (kube-scheduler's podMaxInUnschedulablePodsDuration, 5 minutes).
        public var podMaxInUnschedulablePodsDuration: Duration
        /// Overrides the configuration's podInitialBackoffSeconds.
        public var initialBackoff: Duration?
        /// Overrides the configuration's podMaxBackoffSeconds.
        public var maxBackoff: Duration?

        /// Creates options; the defaults are Kubernetes'.
        public init(podMaxInUnschedulablePodsDuration: Duration = .seconds(300), initialBackoff: Duration? = nil, maxBackoff: Duration? = nil) {
            self.podMaxInUnschedulablePodsDuration = podMaxInUnschedulablePodsDuration
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
        }
    }

    private enum Phase {
        case idle
        case running
        case stopped
    }

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The configuration: the profiles this scheduler serves.
    public let configuration: SchedulerConfiguration
    /// The options in force.
    public let options: Options
    private let bundles: [any SchedulerBundle]
    private let plan: FrameworkPluginPlan
    private let logger: Logger
    private let inbox = FrameworkInbox()
    private let phase = Mutex(Phase.idle)
    private let failure = Mutex<FrameworkSchedulerError?>(nil)

    /// Creates a scheduler for `configuration` with the plugins of `bundles` (the first bundle
    /// offering a name provides it). Throws when a profile names a plugin no bundle offers
    /// (the volume and DRA plugins excepted: they are skipped). Nothing runs until `run()`.
    public init(
        client: any ObjectClient, configuration: SchedulerConfiguration, bundles: [any SchedulerBundle],
        options: Options = Options(), logger: Logger? = nil
    ) throws(FrameworkSchedulerError) {
        self.client = client
        self.configuration = configuration
        self.bundles = bundles
        self.options = options
        plan = try FrameworkPluginPlan(configuration: configuration, bundles: bundles)
        self.logger = logger ?? Logger(label: "keelson.scheduler.\(configuration.schedulerNames.joined(separator: ","))")
    }

    /// The schedulerNames this scheduler serves.
    public var schedulerNames: [String] { configuration.schedulerNames }

    /// Why the last `run()` could not start (a bundle refused to create a plugin), if it failed.
    public var startupError: FrameworkSchedulerError? { failure.withLock { $0 } }

    /// Schedules until `stop()` is called or the calling task is cancelled: starts the
    /// scheduling thread and the informers, and returns once the thread ended. Runs once.
    public func run() async {
        let starting = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .running
            return true
        }
        guard starting else { return }
        let inbox = inbox
        let outbox = FrameworkOutbox()
        let nodes = Informer(client: client, type: .nodes, logger: logger)
        let pods = Informer(client: client, type: .pods, logger: logger)
        let namespaces = Informer(client: client, type: .namespaces, logger: logger)
        nodes.addHandler { inbox.post(.node($0)) }
        pods.addHandler { inbox.post(.pod($0, FrameworkPodPayload($0))) }
        namespaces.addHandler { inbox.post(.namespace($0)) }
        let loop = FrameworkLoop(
            client: client, bundles: bundles, plan: plan,
            settings: FrameworkLoop.Settings(
                timing: FrameworkQueue.Timing(
                    initialBackoff: options.initialBackoff ?? configuration.podInitialBackoff,
                    maxBackoff: options.maxBackoff ?? configuration.podMaxBackoff,
                    maxInUnschedulable: options.podMaxInUnschedulablePodsDuration),
                configuration: configuration),
            logger: logger, inbox: inbox, outbox: outbox)
        logger.info("scheduler \(configuration.schedulerNames.joined(separator: ", ")) started")
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                group.addTask { await nodes.run() }
                group.addTask { await pods.run() }
                group.addTask { await namespaces.run() }
                group.addTask { await outbox.run() }
                group.addTask {
                    await nodes.waitUntilSynced()
                    await namespaces.waitUntilSynced()
                    await pods.waitUntilSynced()
                    inbox.post(.synced)
                }
                let error = await Self.runThread(loop)
                if let error { failure.withLock { $0 = error } }
                outbox.close()
                group.cancelAll()
            }
        } onCancel: {
            inbox.close()
        }
        phase.withLock { $0 = .stopped }
        logger.info("scheduler \(configuration.schedulerNames.joined(separator: ", ")) stopped")
    }

    /// Stops `run()`: the thread finishes the step it is in and ends; returns at once.
    public func stop() {
        phase.withLock { phase in
            if case .idle = phase { phase = .stopped }
        }
        inbox.close()
    }

    /// The queue's view of every pod it holds, by "namespace/name": active, backoff,
    /// unschedulable, gated, inFlight, waitingOnPermit or binding (for diagnostics and tests).
    /// Empty when the scheduler is not running.
    public func queueSnapshot() async -> [String: String] {
        guard phase.withLock({ if case .running = $0 { true } else { false } }) else { return [:] }
        return await withCheckedContinuation { continuation in
            let posted = inbox.post(.snapshot { states in continuation.resume(returning: states) })
            if !posted { continuation.resume(returning: [:]) }
        }
    }

    /// Runs the loop on a new thread and waits for it to end.
    private static func runThread(_ loop: FrameworkLoop) async -> FrameworkSchedulerError? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                let error = loop.run()
                continuation.resume(returning: error)
            }
            thread.name = "keelson-scheduler"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
