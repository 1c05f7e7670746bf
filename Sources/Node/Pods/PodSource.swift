import Kernel
import Logging

/// Feeds the pod workers with the pods bound to this node: a list, then a watch from the
/// list's revision; a watch that ends or fails (compaction, API restart) is followed by a new
/// list that also catches deletions missed meanwhile. Pods are filtered on `spec.nodeName`
/// locally (the in-process client has no field selectors).
struct PodSource: Sendable {
    let nodeName: String
    let client: any ObjectClient
    let workers: PodWorkers
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            do {
                let (items, revision) = try await client.list(.pods, namespace: nil, labelSelector: [:])
                workers.reconcile(items.filter(isMine))
                let events = try await client.watch(.pods, namespace: nil, fromRevision: revision)
                for try await event in events {
                    guard isMine(event.object) else { continue }
                    if event.type == "DELETED" {
                        workers.delete(event.object)
                    } else if event.type == "ADDED" || event.type == "MODIFIED" {
                        workers.update(event.object)
                    }
                }
                try? await Task.sleep(for: .milliseconds(100))
            } catch {
                if Task.isCancelled { return }
                logger.info("pod watch ended; relisting", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func isMine(_ pod: JSONValue) -> Bool {
        pod[path: "spec", "nodeName"]?.stringValue == nodeName
    }
}
