import Kernel
import Logging

/// Writes a failed attempt onto the pod: the PodScheduled=False condition (reason
/// `Unschedulable` or `SchedulerError`, the message) and `status.nominatedNodeName`, retried on
/// conflicts, skipped when the pod is gone, replaced or already bound.
enum FrameworkStatusWriter {
    /// Updates the pod's status; best effort.
    static func markNotScheduled(
        client: any ObjectClient, pod: JSONValue, reason: String, message: String, nominatedNodeName: String?, logger: Logger
    ) async {
        let namespace = pod.namespace ?? "default"
        let name = pod.name ?? ""
        for _ in 0..<3 {
            do {
                let current = try await client.get(.pods, namespace: namespace, name: name)
                guard current.uid == pod.uid, PodSchedulingState.nodeName(current) == nil else { return }
                var updated = PodSchedulingState.markedUnschedulable(current, reason: reason, message: message, now: KubeTime.now()) ?? current
                if let nominatedNodeName, updated[path: "status", "nominatedNodeName"]?.stringValue ?? "" != nominatedNodeName {
                    if var status = updated["status"]?.objectValue {
                        status["nominatedNodeName"] = nominatedNodeName.isEmpty ? nil : .string(nominatedNodeName)
                        updated["status"] = .object(status)
                    }
                }
                guard updated != current else { return }
                _ = try await client.updateStatus(.pods, namespace: namespace, object: updated)
                return
            } catch let error as APIError where error.code == 409 {
                continue
            } catch {
                logger.debug("could not update the status of \(namespace)/\(name)", metadata: ["error": "\(error)"])
                return
            }
        }
    }
}
