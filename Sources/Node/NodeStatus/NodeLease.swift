import Foundation
import Kernel
import Logging
import Synchronization

/// The node's heartbeat Lease (coordination.k8s.io/v1, namespace kube-node-lease, named after the
/// node). Skipped, with one log line, while the API does not serve leases or the namespace does
/// not exist.
final class NodeLease: Sendable {
    private let nodeName: String
    private let client: any ObjectClient
    private let logger: Logger
    private let reportedUnavailable = Mutex(false)
    static let namespace = "kube-node-lease"
    static let durationSeconds: Int64 = 40

    init(nodeName: String, client: any ObjectClient, logger: Logger) {
        self.nodeName = nodeName
        self.client = client
        self.logger = logger
    }

    /// The served lease resource, if any.
    static var resource: ResourceType? {
        guard let type = ResourceType.named("leases"), type.group == "coordination.k8s.io" else { return nil }
        return type
    }

    /// Creates or renews the Lease.
    func renew() async {
        guard let resource = Self.resource else {
            unavailable("the API does not serve coordination.k8s.io leases")
            return
        }
        let now = KubeTime.micro()
        do {
            var lease = try await client.get(resource, namespace: Self.namespace, name: nodeName)
            lease[path: "spec", "renewTime"] = .string(now)
            lease[path: "spec", "holderIdentity"] = .string(nodeName)
            lease[path: "spec", "leaseDurationSeconds"] = .int(Self.durationSeconds)
            _ = try await client.update(resource, namespace: Self.namespace, object: lease)
        } catch let error as APIError where error.reason == "NotFound" {
            var lease: JSONValue = [
                "apiVersion": .string(resource.apiVersion), "kind": "Lease",
                "metadata": ["name": .string(nodeName), "namespace": .string(Self.namespace)],
                "spec": [
                    "holderIdentity": .string(nodeName), "leaseDurationSeconds": .int(Self.durationSeconds),
                    "renewTime": .string(now),
                ],
            ]
            if let uid = try? await client.get(.nodes, namespace: "", name: nodeName).uid {
                lease[path: "metadata", "ownerReferences"] = [["apiVersion": "v1", "kind": "Node", "name": .string(nodeName), "uid": .string(uid)]]
            }
            do {
                _ = try await client.create(resource, namespace: Self.namespace, object: lease)
            } catch {
                unavailable("\(error)")
            }
        } catch {
            unavailable("\(error)")
        }
    }

    private func unavailable(_ why: String) {
        let first = reportedUnavailable.withLock { reported in
            defer { reported = true }
            return !reported
        }
        if first { logger.info("node lease skipped", metadata: ["node": "\(nodeName)", "reason": "\(why)"]) }
    }
}
