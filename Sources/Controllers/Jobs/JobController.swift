import Kernel
import Logging

/// Kubernetes' Job controller (and its ttl-after-finished companion): runs a Job's pods until
/// `completions` of them succeed (NonIndexed), every index 0..<completions succeeds (Indexed,
/// with the completion index in an annotation, a label, the hostname and
/// `JOB_COMPLETION_INDEX`), or, without completions, one succeeds and the rest end. At most
/// `parallelism` pods run at once. Failed pods (and, under `restartPolicy: OnFailure`, container
/// restarts) count against `backoffLimit`, and replacements wait an exponential back-off
/// (10 s doubling up to 6 min, as Kubernetes). Past `backoffLimit` or `activeDeadlineSeconds`
/// the Job fails and its running pods are deleted; `suspend` deletes them and holds the Job.
/// Status carries the counts, `completedIndexes`, start and completion times and the
/// SuccessCriteriaMet/Complete or FailureTarget/Failed conditions; a finished Job with
/// `ttlSecondsAfterFinished` is deleted (with its pods) once that time has passed.
public final class JobController: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let jobs: Informer
    let pods: Informer
    let queue: WorkQueue<ObjectKey>
    /// Creations and deletions this controller is still waiting to see, per Job.
    let expectations: ControllerExpectations
    let events: EventRecorder
    private let router: OwnedPodRouter

    /// Creates the controller on shared informers (Jobs, Pods); whoever owns the factory runs them.
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = informers.client
        self.logger = logger
        self.options = options
        jobs = informers.informer(for: .jobs)
        pods = informers.informer(for: .pods)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        expectations = ControllerExpectations(timeout: options.expectationsTimeout)
        events = EventRecorder(client: client, component: "job-controller", logger: logger)
        router = OwnedPodRouter(ownerType: .jobs, owners: jobs, queue: queue, expectations: expectations)
        jobs.addHandler { [queue, expectations] event in
            let key = ObjectKey(event.object)
            if case .deleted = event { expectations.forget(key) }
            queue.add(key)
        }
        pods.addHandler { [router] event in router.route(event) }
    }

    /// Reconciles Jobs until the calling task is cancelled.
    public func run() async {
        let jobs = self.jobs
        await ReconcileLoop(
            name: "job", queue: queue, informers: [jobs, pods], runsInformers: false, options: options, logger: logger,
            allKeys: { jobs.keys() },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done }
        ).run()
    }
}
