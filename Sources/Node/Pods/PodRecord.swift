import Kernel

/// Everything the kubelet remembers about one pod between syncs. Owned by the pod's worker and
/// touched by nothing else, so it needs no lock.
struct PodRecord {
    let uid: String
    /// The live sandbox, if any.
    var sandbox: SandboxRecord?
    /// Earlier sandboxes of the pod, stopped and waiting for removal.
    var retiredSandboxes: [String] = []
    /// Attempt number for the next sandbox.
    var nextSandboxAttempt: Int64 = 0
    /// Why the last sandbox or network setup failed, while it keeps failing.
    var sandboxProblem: String?
    /// The pod's addresses (kept after the sandbox stops, as Kubernetes keeps podIP).
    var podIPs: [String] = []
    /// Containers by name (init and app containers have distinct names).
    var containers: [String: ContainerRecord] = [:]
    /// Why a container is waiting (ErrImagePull, CreateContainerError, ...), by name.
    var waiting: [String: ContainerWaiting] = [:]
    /// Readiness by container name as probes decide it; absent means ready once running
    /// (written by `PodProbing` from the readiness and startup probes).
    var readiness: [String: Bool] = [:]
    /// Whether each running container has started, as its startup probe decides.
    var started: [String: Bool] = [:]
    /// The container instance (runtime id) the kubelet killed after a failed liveness or
    /// startup probe, by name: restarted under any restart policy but Never.
    var probeKilled: [String: String] = [:]
    /// The pod's probe workers and verdicts.
    var probes: PodProbes?
    /// Consecutive failures per step ("sandbox"), for back-off.
    var failures: [String: Int] = [:]
    /// When a step may be retried, per step ("sandbox").
    var retryAt: [String: ContinuousClock.Instant] = [:]
    /// The container restart back-off (CrashLoopBackOff), by container name.
    var crashBackOff: BackOffTable
    /// The image pull back-off (ImagePullBackOff), by image.
    var pullBackOff: BackOffTable
    /// When a container's crash-loop back-off ends, by name, while it waits (to wake then).
    var restartAt: [String: ContinuousClock.Instant] = [:]
    /// `status.startTime`.
    var startTime: String?
    /// Last status and transition time per pod condition type.
    var conditionMarks: [String: ConditionMark] = [:]
    /// The status last written to the API.
    var writtenStatus: JSONValue?
    /// Succeeded or Failed once the pod is done; it never runs again.
    var terminalPhase: String?

    init(uid: String, options: KubeletOptions = KubeletOptions()) {
        self.uid = uid
        self.crashBackOff = BackOffTable(policy: options.crashLoopBackOff)
        self.pullBackOff = BackOffTable(policy: options.imagePullBackOff)
    }

    /// Whether the step may run now (no retry pending, or its time has come).
    func isDue(_ step: String, now: ContinuousClock.Instant) -> Bool {
        retryAt[step].map { now >= $0 } ?? true
    }

    /// Records a failure of `step` and schedules its retry after the policy's back-off.
    mutating func failed(_ step: String, backOff: BackOffPolicy, now: ContinuousClock.Instant) {
        let count = (failures[step] ?? 0) + 1
        failures[step] = count
        retryAt[step] = now + backOff.delay(afterFailures: count)
    }

    /// Clears a step's pending retry after it succeeded.
    mutating func succeeded(_ step: String) {
        retryAt[step] = nil
    }

    /// The earliest pending retry or restart, to wake the worker then.
    var nextRetry: ContinuousClock.Instant? { (Array(retryAt.values) + Array(restartAt.values)).min() }

    /// Whether the last sync left something failing (a sandbox problem or a container waiting
    /// for a reason other than its first start): the worker then syncs again after the sync
    /// error back-off, as Kubernetes' pod workers requeue a pod whose sync returned an error.
    var hasSyncError: Bool { sandboxProblem != nil || !waiting.isEmpty }
}

/// A pod sandbox the kubelet created.
struct SandboxRecord {
    let id: String
    /// The PodSandboxConfig, including the `keelson.dev/pod-ip` annotation once the network is up;
    /// handed to CreateContainer and PullImage as their sandboxConfig.
    var config: JSONValue
    /// The CNI attachment (nil for hostNetwork pods).
    var network: NetworkAttachment?
    /// Whether CNI DEL has run for it.
    var networkReleased = false
    /// Whether StopPodSandbox has run for it.
    var stopped = false
}

/// A container of the pod: the current instance and what is kept of the previous one.
struct ContainerRecord {
    /// The current container's runtime id.
    var id: String
    /// Its last known status (nil until first read).
    var snapshot: ContainerSnapshot?
    /// How many times the container was restarted.
    var restartCount: Int
    /// `lastState.terminated` of the previous instance.
    var lastTermination: JSONValue?
    /// The previous (exited) instance, kept for logs until the next restart.
    var deadID: String?
}

/// Why a container is not running, as the API shows it in `state.waiting`.
struct ContainerWaiting: Error, Equatable, Sendable {
    let reason: String
    let message: String
}

/// A pod condition's last status and when it last changed.
struct ConditionMark {
    var status: String
    var time: String
}
