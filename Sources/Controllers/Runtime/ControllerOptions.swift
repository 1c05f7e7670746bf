/// Tuning shared by Keelson's built-in controllers.
public struct ControllerOptions: Sendable {
    /// Keys reconciled concurrently per controller (one key is never reconciled twice at once).
    public var workers: Int
    /// How often every object is queued again even without a change (level-triggered safety
    /// net); nil disables it.
    public var resyncInterval: Duration?
    /// First retry delay of a failing key; it doubles on each failure.
    public var retryBaseDelay: Duration
    /// Longest retry delay.
    public var retryMaxDelay: Duration
    /// How long creations/deletions in flight are waited for before a ReplicaSet is
    /// reconciled again regardless (Kubernetes: 5 minutes).
    public var expectationsTimeout: Duration
    /// Most pods one ReplicaSet creates or deletes in one reconcile (Kubernetes: 500).
    public var burstReplicas: Int
    /// How long a Job waits before replacing its first failed pod; the wait doubles with each
    /// further failure (Kubernetes: 10 s).
    public var podFailureBackOff: Duration
    /// The longest such wait (Kubernetes: 6 min).
    public var podFailureBackOffMax: Duration

    /// Creates options; the defaults follow Kubernetes' controller manager where it has one.
    public init(
        workers: Int = 2,
        resyncInterval: Duration? = .seconds(300),
        retryBaseDelay: Duration = .milliseconds(5),
        retryMaxDelay: Duration = .seconds(60),
        expectationsTimeout: Duration = .seconds(300),
        burstReplicas: Int = 500,
        podFailureBackOff: Duration = .seconds(10),
        podFailureBackOffMax: Duration = .seconds(360)
    ) {
        self.workers = workers
        self.resyncInterval = resyncInterval
        self.retryBaseDelay = retryBaseDelay
        self.retryMaxDelay = retryMaxDelay
        self.expectationsTimeout = expectationsTimeout
        self.burstReplicas = burstReplicas
        self.podFailureBackOff = podFailureBackOff
        self.podFailureBackOffMax = podFailureBackOffMax
    }
}
