import Foundation
import Kernel
import Logging
import Synchronization

/// Runs one scheduler plugin instance against the cluster, as kube-scheduler runs a profile:
/// it watches Nodes and Pods and tells the plugin about every change, queues the pending pods
/// that name the plugin's scheduler (FIFO, with back-off), asks the plugin to place each one,
/// and binds it. An unschedulable pod gets the PodScheduled=False condition and a
/// `FailedScheduling` Event, and is retried when the cluster changes or after its back-off; a
/// bound pod gets a `Scheduled` Event. A failed binding is withdrawn from the plugin
/// (`unreserve`) and retried.
public final class SchedulerHost: Sendable {
    /// Tuning of the host.
    public struct Options: Sendable {
        /// The `spec.schedulerName` of the pods this host places.
        public var schedulerName: String
        /// Back-off after the first failed attempt; doubles per attempt.
        public var initialBackoff: Duration
        /// Longest back-off.
        public var maxBackoff: Duration
        /// How long an unschedulable pod waits for a cluster change before it is retried anyway.
        public var unschedulableRetryInterval: Duration

        /// Creates options; the defaults are kube-scheduler's back-off (1 s doubling to 10 s) and
        /// a one-minute retry of unschedulable pods.
        public init(
            schedulerName: String = "default-scheduler", initialBackoff: Duration = .seconds(1),
            maxBackoff: Duration = .seconds(10), unschedulableRetryInterval: Duration = .seconds(60)
        ) {
            self.schedulerName = schedulerName
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.unschedulableRetryInterval = unschedulableRetryInterval
        }
    }

    /// The scheduler name a plugin config selects: `schedulerName`, else the first profile's
    /// `profiles[0].schedulerName` (KubeSchedulerConfiguration), else "default-scheduler".
    public static func schedulerName(fromConfig config: JSONValue) -> String {
        if let name = config["schedulerName"]?.stringValue, !name.isEmpty { return name }
        if let name = config["profiles"]?.arrayValue?.first?["schedulerName"]?.stringValue, !name.isEmpty { return name }
        return PodSchedulingState.defaultSchedulerName
    }

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The plugin placing the pods.
    public let scheduler: SchedulerPluginClient
    /// The options in force.
    public let options: Options

    private let logger: Logger
    private let events: EventRecorder
    private let queue: SchedulingQueue
    private let stopped = Mutex(false)

    private static let nodesSource = "nodes"
    private static let podsSource = "pods"

    /// Creates a host for one scheduler instance; nothing happens until `run()`.
    public init(client: any ObjectClient, scheduler: SchedulerPluginClient, options: Options = Options(), logger: Logger? = nil) {
        self.client = client
        self.scheduler = scheduler
        self.options = options
        let logger = logger ?? Logger(label: "keelson.scheduler.\(options.schedulerName)")
        self.logger = logger
        events = EventRecorder(client: client, component: options.schedulerName, logger: logger)
        queue = SchedulingQueue(
            timing: .init(
                initialBackoff: options.initialBackoff, maxBackoff: options.maxBackoff,
                unschedulableRetryInterval: options.unschedulableRetryInterval),
            sources: [Self.nodesSource, Self.podsSource])
    }

    /// Creates a host for `instance`, with the scheduler name its config selects.
    public convenience init(client: any ObjectClient, instance: PluginInstance, config: JSONValue, logger: Logger? = nil) {
        self.init(
            client: client, scheduler: SchedulerPluginClient(instance),
            options: Options(schedulerName: Self.schedulerName(fromConfig: config)), logger: logger)
    }

    /// How many pods wait in the queue (active, backing off, unschedulable or in flight).
    public var pendingCount: Int { queue.count }

    /// Schedules until `stop()` is called or the calling task is cancelled.
    public func run() async {
        if stopped.withLock({ $0 }) { return }
        let (inputs, feed) = AsyncStream<Input>.makeStream()
        let nodes = Informer(client: client, type: .nodes, logger: logger)
        let pods = Informer(client: client, type: .pods, logger: logger)
        nodes.addHandler { feed.yield(.node($0)) }
        pods.addHandler { feed.yield(.pod($0)) }
        logger.info("scheduler \(options.schedulerName) started")

        await withDiscardingTaskGroup { group in
            group.addTask { await nodes.run() }
            group.addTask { await pods.run() }
            group.addTask {
                await nodes.waitUntilSynced()
                feed.yield(.synced(Self.nodesSource))
            }
            group.addTask {
                await pods.waitUntilSynced()
                feed.yield(.synced(Self.podsSource))
            }
            group.addTask {
                for await input in inputs { await self.handle(input) }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    self.queue.promote()
                }
            }
            await withTaskCancellationHandler {
                while let next = await queue.pop() {
                    if let node = await scheduleOne(next.key, next.pod) {
                        group.addTask { await self.bind(next.key, next.pod, to: node) }
                    }
                }
            } onCancel: {
                queue.close()
            }
            feed.finish()
            group.cancelAll()
        }
        logger.info("scheduler \(options.schedulerName) stopped")
    }

    /// Stops `run()`: no new scheduling attempt starts; the call returns at once.
    public func stop() {
        stopped.withLock { $0 = true }
        queue.close()
    }

    // MARK: Cluster changes

    private enum Input: Sendable {
        case node(InformerEvent)
        case pod(InformerEvent)
        case synced(String)
    }

    private func handle(_ input: Input) async {
        switch input {
        case .node(let event):
            await forward(event, what: "node") { try await self.scheduler.nodeEvent($0) }
            switch event {
            case .added:
                queue.clusterChanged()
            case .updated(let old, let new):
                if PodSchedulingState.schedulingView(ofNode: old) != PodSchedulingState.schedulingView(ofNode: new) {
                    queue.clusterChanged()
                }
            case .deleted:
                break
            }
        case .pod(let event):
            await forward(event, what: "pod") { try await self.scheduler.podEvent($0) }
            let pod = event.object
            let key = PodSchedulingState.key(pod)
            if case .deleted = event {
                queue.remove(key)
                if PodSchedulingState.nodeName(pod) != nil { queue.clusterChanged() }
            } else if PodSchedulingState.isPending(pod, for: options.schedulerName) {
                queue.upsert(key, pod)
            } else {
                queue.remove(key)
                if case .updated(let old, _) = event, PodSchedulingState.isTerminal(pod), !PodSchedulingState.isTerminal(old),
                    PodSchedulingState.nodeName(pod) != nil
                {
                    queue.clusterChanged()
                }
            }
        case .synced(let source):
            logger.debug("\(source) synced")
            queue.markSynced(source)
        }
    }

    private func forward(_ event: InformerEvent, what: String, _ send: (WatchEvent) async throws -> Void) async {
        do {
            try await send(event.watchEvent)
        } catch {
            logger.warning("the scheduler refused a \(what) event", metadata: ["object": "\(event.object.name ?? "")", "error": "\(error)"])
        }
    }

    // MARK: Scheduling

    /// One scheduling attempt; returns the chosen node (to bind) or nil when the attempt ended.
    private func scheduleOne(_ key: String, _ pod: JSONValue) async -> String? {
        let outcome: ScheduleOutcome
        do {
            outcome = try await scheduler.schedule(pod: pod)
        } catch {
            logger.warning("scheduling \(key) failed", metadata: ["error": "\(error)"])
            queue.finish(key, .failed)
            await reportFailure(pod, reason: "SchedulerError", message: "\(error)")
            return nil
        }
        switch outcome {
        case .node(let node):
            return node
        case .unschedulable(let message):
            logger.debug("\(key) is unschedulable: \(message)")
            queue.finish(key, .unschedulable)
            await reportFailure(pod, reason: "Unschedulable", message: message)
            return nil
        }
    }

    /// Binds a pod to the node the plugin chose; withdraws the choice when binding fails.
    private func bind(_ key: String, _ pod: JSONValue, to node: String) async {
        let namespace = pod.namespace ?? "default"
        let name = pod.name ?? ""
        do {
            try await client.bind(podNamespace: namespace, podName: name, nodeName: node)
        } catch {
            do {
                try await scheduler.unreserve(pod: pod, node: node)
            } catch let unreserveError {
                logger.warning("unreserve of \(key) failed", metadata: ["error": "\(unreserveError)"])
            }
            if let apiError = error as? APIError, apiError.code == 404 || apiError.code == 409 {
                // Deleted, being deleted or bound meanwhile: nothing left to schedule.
                logger.debug("binding \(key) to \(node) refused: \(apiError.message)")
                queue.finish(key, .gone)
                return
            }
            logger.warning("binding \(key) to \(node) failed", metadata: ["error": "\(error)"])
            queue.finish(key, .failed)
            await events.record(pod, type: .pods, eventType: "Warning", reason: "FailedScheduling", message: "Binding rejected: \(error)")
            return
        }
        queue.finish(key, .bound(uid: pod.uid))
        logger.debug("bound \(key) to \(node)")
        await events.record(pod, type: .pods, reason: "Scheduled", message: "Successfully assigned \(namespace)/\(name) to \(node)")
    }

    /// Sets PodScheduled=False with the reason and records a FailedScheduling Event.
    private func reportFailure(_ pod: JSONValue, reason: String, message: String) async {
        await setPodScheduledFalse(pod, reason: reason, message: message)
        await events.record(pod, type: .pods, eventType: "Warning", reason: "FailedScheduling", message: message)
    }

    private func setPodScheduledFalse(_ pod: JSONValue, reason: String, message: String) async {
        let namespace = pod.namespace ?? "default"
        let name = pod.name ?? ""
        for _ in 0..<3 {
            do {
                let current = try await client.get(.pods, namespace: namespace, name: name)
                guard current.uid == pod.uid, PodSchedulingState.nodeName(current) == nil,
                    let updated = PodSchedulingState.markedUnschedulable(current, reason: reason, message: message, now: KubeTime.now())
                else { return }
                _ = try await client.updateStatus(.pods, namespace: namespace, object: updated)
                return
            } catch let error as APIError where error.code == 409 {
                continue
            } catch {
                logger.debug("could not set PodScheduled on \(namespace)/\(name)", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
