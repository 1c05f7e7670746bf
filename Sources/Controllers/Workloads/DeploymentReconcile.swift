import Foundation
import Kernel

extension DeploymentController {
    /// Reconciles one Deployment key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let deployment = deployments.get(key) else { return .done }
        let spec = DeploymentSpec(deployment)
        guard let selector = spec.selector, !selector.isEmpty else {
            // Kubernetes refuses to act on a Deployment that would select every pod.
            logger.warning("deployment has an empty selector; not reconciling it", metadata: ["deployment": "\(key)"])
            return .done
        }
        let candidates = ControllerRefClaimer.candidates(in: replicaSets, for: deployment)
        let claimer = ControllerRefClaimer(
            client: client, owner: deployment, ownerType: .deployments, dependentType: .replicaSets,
            selector: selector, logger: logger)
        let owned = try await claimer.claim(candidates)

        var rollout = DeploymentRollout(controller: self, deployment: deployment, spec: spec, owned: owned)
        if deployment.isBeingDeleted {
            return try await rollout.syncStatus()
        }
        try await rollout.syncRevision()
        if spec.paused {
            try await rollout.scaleWhilePaused()
            return try await rollout.syncStatus()
        }
        switch spec.strategy {
        case .rollingUpdate: try await rollout.rollingUpdate()
        case .recreate: try await rollout.recreate(oldPodsRunning: oldPodsRunning(rollout))
        }
        if rollout.isComplete {
            try await rollout.trimHistory()
        }
        return try await rollout.syncStatus()
    }

    /// Whether any pod of the Deployment's old ReplicaSets still runs (Recreate waits for none).
    private func oldPodsRunning(_ rollout: DeploymentRollout) -> Bool {
        if rollout.oldReplicaSets.contains(where: { $0.statusReplicas > 0 }) { return true }
        return rollout.oldReplicaSets.flatMap { ControllerRefClaimer.controlled(in: pods, by: $0) }.contains { pod in
            let phase = pod.podPhase
            return phase != "Succeeded" && phase != "Failed"
        }
    }
}
