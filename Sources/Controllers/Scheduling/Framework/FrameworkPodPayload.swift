import Foundation
import Kernel

/// A pod event's bytes for the bundles, written on the informer's task as the event arrives, so
/// that the scheduling thread (the one serial part of scheduling) does not spend its time
/// writing JSON: the pod as `newPod` decodes it, and the watch event around it.
struct FrameworkPodPayload: Sendable {
    /// The pod's JSON (managedFields stripped, `SchedulerPayload.pod`).
    let pod: Data
    /// The watch event's JSON around `pod`.
    let event: Data

    /// The payload of `event`; nil for an update that changes nothing scheduling reads, which
    /// the scheduling loop does not forward.
    init?(_ event: InformerEvent) {
        if case .updated(let old, let new) = event,
            FrameworkEventDerivation.schedulingView(ofPod: old) == FrameworkEventDerivation.schedulingView(ofPod: new)
        {
            return nil
        }
        pod = SchedulerPayload.pod(event.object)
        self.event = SchedulerPayload.event(type: event.watchType, object: pod)
    }
}
