/// The annotations the Deployment controller reads and writes, as in Kubernetes.
public enum DeploymentAnnotations {
    /// The rollout revision of a ReplicaSet (and the current one of its Deployment).
    public static let revision = "deployment.kubernetes.io/revision"
    /// The Deployment's replicas when the ReplicaSet was last scaled.
    public static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    /// replicas + maxSurge when the ReplicaSet was last scaled.
    public static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    /// Revisions this ReplicaSet held before it was reused by a rollback.
    public static let revisionHistory = "deployment.kubernetes.io/revision-history"

    /// Deployment annotations that are not copied onto its ReplicaSets.
    static let notCopied: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revision, revisionHistory, desiredReplicas, maxReplicas,
        "deprecated.deployment.rollback.to",
    ]
}
