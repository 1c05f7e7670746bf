import Foundation
import Kernel
import Logging

/// The state and main loop of one framework scheduler, confined to its dedicated thread: the
/// node numbering, the queue, the profiles' plugins, the pods waiting at Permit and the bindings
/// in flight. Everything here runs on that thread; only the inbox is shared.
final class FrameworkLoop: @unchecked Sendable {
    /// Settings the loop needs from the scheduler.
    struct Settings {
        /// The queue's timing.
        var timing: FrameworkQueue.Timing
        /// The configuration (profiles, percentageOfNodesToScore).
        var configuration: SchedulerConfiguration
    }

    /// The client bindings, status updates, Events and evictions go through.
    let client: any ObjectClient
    /// The scheduler's bundles, by position.
    let bundles: [any SchedulerBundle]
    /// Which bundle provides which plugin.
    let plan: FrameworkPluginPlan
    /// Timing and configuration.
    let settings: Settings
    /// The scheduler's logger.
    let logger: Logger
    /// The mailbox the thread drains.
    let inbox: FrameworkInbox
    /// Where the thread hands off asynchronous work (bindings, Events, status writes).
    let outbox: FrameworkOutbox
    /// The profiles, in configuration order.
    let profiles: [FrameworkProfileRuntime]
    /// Profile position by schedulerName.
    let profileBySchedulerName: [String: Int]

    /// The node numbering.
    var nodes = FrameworkNodeTable()
    /// The queue (set up once the loop exists, as it calls back into the plugins).
    var queue: FrameworkQueue!
    /// Whether every informer has listed.
    var synced = false
    /// Where the next filter pass starts (Kubernetes' nextStartNodeIndex).
    var nextStartNodeIndex = 0
    /// The next attempt number.
    var nextAttemptID: UInt64 = 1
    /// Pods waiting at Permit, by uid.
    var waiting: [String: FrameworkAttempt] = [:]
    /// Bindings written by the DefaultBinder and not yet answered, by attempt number.
    var binding: [UInt64: FrameworkAttempt] = [:]
    /// Permit decisions about waiting pods not yet applied: the deciding plugin and the verdict.
    var pendingVerdicts: [(plugin: String, verdict: PermitVerdict)] = []
    /// Breaks ties between the best-scoring nodes.
    var tieBreaker = TieBreaker()
    /// Uids this scheduler bound whose bound state has not been seen yet (older events of them
    /// must not queue them again).
    var boundUIDs: Set<String> = []
    /// Scratch buffers of the filter pass, reused across cycles.
    var scratch = FrameworkFilterScratch()
    /// The QueueSort plugin (the first profile's).
    var queueSort: FrameworkPluginRef?
    private let origin = ContinuousClock.now

    /// Creates the loop; `run()` instantiates the plugins and schedules.
    init(client: any ObjectClient, bundles: [any SchedulerBundle], plan: FrameworkPluginPlan, settings: Settings, logger: Logger, inbox: FrameworkInbox, outbox: FrameworkOutbox) {
        self.client = client
        self.bundles = bundles
        self.plan = plan
        self.settings = settings
        self.logger = logger
        self.inbox = inbox
        self.outbox = outbox
        var profiles: [FrameworkProfileRuntime] = []
        var byName: [String: Int] = [:]
        for (position, profile) in settings.configuration.profiles.enumerated() {
            let events = EventRecorder(client: client, component: profile.schedulerName, logger: logger)
            profiles.append(FrameworkProfileRuntime(id: UInt32(position), profile: profile, events: events))
            byName[profile.schedulerName] = position
        }
        self.profiles = profiles
        profileBySchedulerName = byName
    }

    /// Nanoseconds since the loop started (QueueSort timestamps).
    var nowNanos: UInt64 {
        let elapsed = ContinuousClock.now - origin
        return UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000)
    }

    // MARK: Main loop

    /// Runs on the scheduling thread until the inbox closes; returns why it could not start.
    func run() -> FrameworkSchedulerError? {
        do {
            for profile in profiles { try profile.instantiate(plan: plan, bundles: bundles, logger: logger) }
        } catch {
            for profile in profiles { profile.free(bundles: bundles) }
            logger.error("scheduler could not start: \(error)")
            inbox.close()
            answerPendingSnapshots()
            return error
        }
        if !plan.skipped.isEmpty {
            logger.info("skipping plugins Keelson has nothing for (no volumes, no dynamic resource allocation): \(plan.skipped.joined(separator: ", "))")
        }
        queueSort = profiles.first?.at(.queueSort).first
        queue = FrameworkQueue(
            timing: settings.timing,
            less: { [unowned self] a, b in self.queueLess(a, b) },
            preEnqueue: { [unowned self] entry in self.runPreEnqueue(entry) },
            worthRetrying: { [unowned self] rejectors, event in self.worthRetrying(rejectors, event) })

        while !inbox.isClosed {
            for input in inbox.drain() { handle(input) }
            let now = ContinuousClock.now
            queue.tick(now: now)
            expirePermitWaits(now: now)
            processVerdicts()
            if synced, let entry = queue.pop() {
                scheduleOne(entry)
                processVerdicts()
                continue
            }
            inbox.wait(until: wakeDate(now: now))
        }
        shutdown()
        return nil
    }

    /// When the loop must wake at the latest: the queue's next timed move, a Permit timeout, or
    /// a second from now.
    private func wakeDate(now: ContinuousClock.Instant) -> Date {
        var deadline = now + .seconds(1)
        if let next = queue.nextDeadline { deadline = min(deadline, next) }
        for attempt in waiting.values {
            if let until = attempt.waitDeadline { deadline = min(deadline, until) }
        }
        let wait = max(deadline - now, .zero)
        let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
        return Date(timeIntervalSinceNow: seconds)
    }

    /// Ends every attempt still open and frees every handle.
    private func shutdown() {
        answerPendingSnapshots()
        for attempt in Array(waiting.values) + Array(binding.values) {
            for position in attempt.assumed {
                if let cycle = attempt.cycles[position] { try? bundles[position].forget(cycle) }
            }
            endCycles(attempt)
            attempt.version.free(in: bundles)
        }
        waiting = [:]
        binding = [:]
        for entry in queue.allEntries { entry.version.free(in: bundles) }
        for profile in profiles { profile.free(bundles: bundles) }
    }

    /// Answers the diagnostics requests left in the closed inbox.
    private func answerPendingSnapshots() {
        for input in inbox.drain() {
            if case .snapshot(let reply) = input { reply([:]) }
        }
    }

    // MARK: Queue callbacks

    /// QueueSort: the plugin's order, or FIFO by timestamp without one.
    private func queueLess(_ a: FrameworkQueuedPod, _ b: FrameworkQueuedPod) -> Bool {
        guard let sort = queueSort, let left = a.version.handle(sort.bundle), let right = b.version.handle(sort.bundle) else {
            return a.timestamp < b.timestamp
        }
        return bundles[sort.bundle].queueLess(sort.handle, left, a.timestamp, right, b.timestamp)
    }

    /// PreEnqueue: the first plugin of the pod's profile that holds it back, nil when it may go.
    private func runPreEnqueue(_ entry: FrameworkQueuedPod) -> String? {
        for ref in profiles[entry.profile].at(.preEnqueue) {
            guard let pod = entry.version.handle(ref.bundle) else { continue }
            let status = bundles[ref.bundle].preEnqueue(ref.handle, pod: pod)
            if !status.isSuccess {
                logger.debug("\(entry.key) held back by \(ref.name): \(status.reasons.joined(separator: ", "))")
                return ref.name
            }
        }
        return nil
    }

    /// Whether `event` may help a pod rejected by `rejectors` (no rejectors: any event helps;
    /// a plugin without registrations registered every event).
    private func worthRetrying(_ rejectors: Set<String>, _ event: FrameworkClusterEvent) -> Bool {
        if rejectors.isEmpty { return true }
        for name in rejectors {
            guard let info = plan.infos[name], let registered = info.events else { return true }
            if registered.contains(where: { $0.covers(event) }) { return true }
        }
        return false
    }

    /// Ends the attempt's cycle in every bundle.
    func endCycles(_ attempt: FrameworkAttempt) {
        for position in plan.bundlesInUse {
            if let cycle = attempt.cycles[position] { bundles[position].endCycle(cycle) }
            attempt.cycles[position] = nil
        }
    }
}
