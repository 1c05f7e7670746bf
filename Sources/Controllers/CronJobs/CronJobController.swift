import Kernel
import Logging

/// Kubernetes' CronJob controller: at each time the `schedule` names (read in `timeZone`, else
/// the controller's zone) it creates a Job from `jobTemplate`, named `<cronjob>-<minutes since
/// 1970>` and annotated with its scheduled time, unless the CronJob is suspended or the time
/// is past `startingDeadlineSeconds`. `concurrencyPolicy` decides what happens while an
/// earlier Job still runs: Allow starts another, Forbid skips the run, Replace deletes the
/// running Job first. Finished Jobs beyond `successfulJobsHistoryLimit` and
/// `failedJobsHistoryLimit` are deleted, oldest first. Status lists the active Jobs and the
/// last schedule and success times.
public final class CronJobController: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let cronJobs: Informer
    let jobs: Informer
    let queue: WorkQueue<ObjectKey>
    let events: EventRecorder

    /// Creates the controller on shared informers (CronJobs, Jobs).
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = informers.client
        self.logger = logger
        self.options = options
        cronJobs = informers.informer(for: .cronJobs)
        jobs = informers.informer(for: .jobs)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        events = EventRecorder(client: client, component: "cronjob-controller", logger: logger)
        cronJobs.addHandler { [queue] event in queue.add(ObjectKey(event.object)) }
        jobs.addHandler { [queue] event in
            guard let owner = event.object.controllerReference, owner.kind == ResourceType.cronJobs.kind else { return }
            queue.add(ObjectKey(namespace: event.object.namespace ?? "", name: owner.name))
        }
    }

    /// Reconciles CronJobs until the calling task is cancelled.
    public func run() async {
        let cronJobs = self.cronJobs
        await ReconcileLoop(
            name: "cronjob", queue: queue, informers: [cronJobs, jobs], runsInformers: false, options: options, logger: logger,
            allKeys: { cronJobs.keys() },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done }
        ).run()
    }
}
