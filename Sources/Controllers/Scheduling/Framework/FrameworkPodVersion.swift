import Foundation
import Kernel

/// One version of a pod decoded by every bundle the scheduler uses (`newPod`), for PreEnqueue,
/// QueueSort and `beginCycle`. Freed with `free(in:)` when the queue replaces or drops it and no
/// scheduling attempt still uses it.
final class FrameworkPodVersion {
    /// The pod's JSON at this version.
    let pod: JSONValue
    /// The decoded pod per bundle (by bundle position; nil for bundles the scheduler does not use).
    private(set) var handles: [BundleHandle?]
    private var freed = false

    /// Decodes `pod` (written as `bytes`, `SchedulerPayload.pod`) in the bundles at
    /// `bundlesInUse`; on failure, frees what was decoded and throws.
    init(pod: JSONValue, bytes: Data, bundles: [any SchedulerBundle], bundlesInUse: [Int]) throws {
        self.pod = pod
        handles = Array(repeating: nil, count: bundles.count)
        do {
            for position in bundlesInUse { handles[position] = try bundles[position].newPod(bytes) }
        } catch {
            free(in: bundles)
            throw error
        }
    }

    /// The decoded pod in bundle `position`.
    func handle(_ position: Int) -> BundleHandle? { handles[position] }

    /// Releases every decoded copy (idempotent).
    func free(in bundles: [any SchedulerBundle]) {
        guard !freed else { return }
        freed = true
        for (position, handle) in handles.enumerated() {
            if let handle { bundles[position].freePod(handle) }
        }
        handles = Array(repeating: nil, count: handles.count)
    }
}
