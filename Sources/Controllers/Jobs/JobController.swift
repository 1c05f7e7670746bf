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
    let core: PodOwnerCore

    /// Creates the controller on shared informers (Jobs, Pods); whoever owns the factory runs them.
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        core = PodOwnerCore(informers: informers, ownerType: .jobs, component: "job-controller", logger: logger, options: options)
    }

    /// Reconciles Jobs until the calling task is cancelled.
    public func run() async {
        await core.run(name: "job") { [weak self] key in try await self?.reconcile(key) ?? .done }
    }
}
