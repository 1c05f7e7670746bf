import Foundation
import Kernel
import Logging

/// Kubernetes' disruption controller: keeps the status of every PodDisruptionBudget current —
/// the pods its selector selects in its namespace, how many are expected (the summed replicas
/// of their Deployments, ReplicaSets, StatefulSets and ReplicationControllers under
/// `maxUnavailable` or a percentage `minAvailable`; the selected pods under an integer
/// `minAvailable`), how many must be and are healthy, and so how many disruptions are allowed,
/// with `observedGeneration` and the DisruptionAllowed condition. Evictions the API recorded in
/// `status.disruptedPods` keep their pod out of the healthy count until it is deleted or two
/// minutes have passed. When the scale cannot be found the budget allows no disruption and says
/// why (SyncFailed). A pod marked DisruptionTarget that is still not being deleted after
/// `stalePodDisruptionTimeout` has the condition set back to False (`StalePodDisruption`).
public final class DisruptionController: Sendable {
    /// The client every read and write goes through.
    public let client: any ObjectClient
    let budgets: Informer
    let pods: Informer
    /// The informers of the kinds whose scale a budget may need.
    let scalables: [ResourceType: Informer]
    let queue: WorkQueue<ObjectKey>
    let logger: Logger
    let options: ControllerOptions
    /// Records NoPods and CalculateExpectedPodCountFailed events on budgets.
    let events: EventRecorder
    /// Pods whose DisruptionTarget condition may go stale.
    let stalePods: WorkQueue<ObjectKey>
    /// How long a pod may carry DisruptionTarget=True without being deleted (Kubernetes: 2 min).
    let stalePodDisruptionTimeout: Duration

    /// The kinds whose `spec.replicas` counts towards a budget's expected pods.
    static let scalableTypes: [ResourceType] = [.deployments, .replicaSets, .statefulSets, .replicationControllers]

    /// Creates the controller on shared informers (PodDisruptionBudgets, Pods and the scalable
    /// workloads); nothing runs until `run()`.
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions(),
                stalePodDisruptionTimeout: Duration = .seconds(120)) {
        client = informers.client
        budgets = informers.informer(for: .podDisruptionBudgets)
        pods = informers.informer(for: .pods)
        scalables = Dictionary(uniqueKeysWithValues: Self.scalableTypes.map { ($0, informers.informer(for: $0)) })
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        stalePods = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        self.stalePodDisruptionTimeout = stalePodDisruptionTimeout
        self.logger = logger
        self.options = options
        events = EventRecorder(client: client, component: "controllermanager", logger: logger)
        budgets.addHandler { [queue] event in queue.add(ObjectKey(event.object)) }
        pods.addHandler { [budgets, queue, stalePods] event in
            if Self.disruptionTargetSince(event.object) != nil { stalePods.add(ObjectKey(event.object)) }
            var touched = [event.object]
            if case .updated(let old, _) = event { touched.append(old) }
            for pod in touched {
                for budget in Self.budgets(selecting: pod, in: budgets) { queue.add(ObjectKey(budget)) }
            }
        }
        for informer in scalables.values {
            informer.addHandler { [budgets, queue] event in
                if case .updated(let old, let new) = event, old[path: "spec", "replicas"] == new[path: "spec", "replicas"] { return }
                for budget in budgets.list(namespace: event.object.namespace ?? "") { queue.add(ObjectKey(budget)) }
            }
        }
    }

    /// Reconciles budgets and stale DisruptionTarget conditions until the calling task is
    /// cancelled (the factory runs the informers).
    public func run() async {
        let budgets = self.budgets
        let pods = self.pods
        await withDiscardingTaskGroup { group in
            group.addTask {
                await ReconcileLoop(
                    name: "disruption", queue: self.queue, informers: [budgets, pods] + Array(self.scalables.values), runsInformers: false,
                    options: self.options, logger: self.logger,
                    allKeys: { budgets.keys() },
                    reconcile: { [self] key in try await reconcile(key) }
                ).run()
            }
            group.addTask {
                await ReconcileLoop(
                    name: "stale-pod-disruption", queue: self.stalePods, informers: [pods], runsInformers: false,
                    options: self.options, logger: self.logger,
                    allKeys: { pods.list().filter { Self.disruptionTargetSince($0) != nil }.map { ObjectKey($0) } },
                    reconcile: { [self] key in try await reconcileStalePod(key) }
                ).run()
            }
        }
    }

    /// The budgets of the pod's namespace whose selector selects it.
    static func budgets(selecting pod: JSONValue, in budgets: Informer) -> [JSONValue] {
        let labels = pod.labels
        return budgets.list(namespace: pod.namespace ?? "").filter { budget in
            selector(of: budget)?.matches(labels) ?? false
        }
    }

    /// A budget's selector; nil (selecting nothing) when absent or malformed. An empty selector
    /// selects every pod, as in policy/v1.
    static func selector(of budget: JSONValue) -> LabelMatcher? {
        LabelMatcher(selector: budget[path: "spec", "selector"])
    }

    /// Brings one budget's status up to date.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let budget = budgets.get(key) else { return .done }
        let selected = selector(of: budget).map { matcher in
            pods.list(namespace: key.namespace).filter { matcher.matches($0.labels) }
        } ?? []
        let scale = ControllerScale { [scalables] type, namespace, name in scalables[type]?.get(namespace: namespace, name: name) }
        let now = Date()
        let stamp = KubeTime.format(now)
        let newGeneration = budget[path: "status", "observedGeneration"]?.intValue != budget.generation
        if selected.isEmpty && newGeneration {
            await events.record(budget, type: .podDisruptionBudgets, reason: "NoPods", message: "No matching pods found")
        }
        do {
            let status = try DisruptionBudgetStatus.compute(budget, pods: selected, scale: scale, now: now)
            if !status.unmanagedPods.isEmpty {
                logger.debug("budget selects pods without a controller", metadata: ["budget": "\(key)", "pods": "\(status.unmanagedPods)"])
            }
            try await ConflictRetry.updateStatus(client, .podDisruptionBudgets, budget) { object in
                // Computed from this generation's spec only; a newer one is queued already.
                guard object.generation == budget.generation else { return }
                var current = object["status"] ?? [:]
                status.apply(to: &current, generation: budget.generation, now: stamp)
                object["status"] = current
            }
            if let recheck = status.recheckAt {
                return .requeueAfter(.milliseconds(Int64(max(0, recheck.timeIntervalSince(now)) * 1000) + 100))
            }
            return .done
        } catch let failure as ControllerScale.Failure {
            logger.debug("budget sync failed", metadata: ["budget": "\(key)", "error": "\(failure)"])
            let reported = budget[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == DisruptionCondition.type }
            if reported?["reason"]?.stringValue != "SyncFailed" || reported?["message"]?.stringValue != failure.description {
                await events.record(budget, type: .podDisruptionBudgets, eventType: "Warning", reason: "CalculateExpectedPodCountFailed",
                                    message: "Failed to calculate the number of expected pods: \(failure.description)")
            }
            try await ConflictRetry.updateStatus(client, .podDisruptionBudgets, budget) { object in
                var current = object["status"] ?? [:]
                current["disruptionsAllowed"] = 0
                DisruptionCondition.set(&current, allowed: false, reason: "SyncFailed", message: failure.description,
                                        generation: current["observedGeneration"]?.intValue ?? 0, now: stamp)
                object["status"] = current
            }
            return .requeueAfter(.seconds(5))
        }
    }

    private func selector(of budget: JSONValue) -> LabelMatcher? { Self.selector(of: budget) }
}
