import Foundation
import Kernel
import Logging
import Synchronization

/// Writes core/v1 Events about pods and the node, the way the kubelet records them: source
/// component "kubelet" on this host, a name "<object>.<hex nanoseconds>", and repeats of the
/// same event (same object, type, reason and message) folded into one Event whose `count` and
/// `lastTimestamp` grow.
final class EventRecorder: Sendable {
    /// Event types.
    enum Kind: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    private struct Recorded {
        let namespace: String
        let name: String
        var count: Int64
    }

    private let client: any ObjectClient
    private let host: String
    private let logger: Logger
    private let recorded = Mutex<[String: Recorded]>([:])
    private let sequence = Atomic<UInt64>(0)
    private static let memory = 4096

    init(client: any ObjectClient, host: String, logger: Logger) {
        self.client = client
        self.host = host
        self.logger = logger
    }

    /// Records an event about a pod; `fieldPath` names a container ("spec.containers{web}").
    func pod(_ pod: JSONValue, _ kind: Kind, _ reason: String, _ message: String, fieldPath: String? = nil) async {
        var reference: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "name": .string(pod.name ?? ""), "namespace": .string(pod.namespace ?? "default"),
            "uid": .string(pod.uid ?? ""),
        ]
        if let version = pod[path: "metadata", "resourceVersion"] { reference["resourceVersion"] = version }
        if let fieldPath { reference["fieldPath"] = .string(fieldPath) }
        await record(reference, namespace: pod.namespace ?? "default", kind, reason, message)
    }

    /// Records an event about this node (Kubernetes files node events in "default", with the
    /// node's name as its uid).
    func node(_ kind: Kind, _ reason: String, _ message: String) async {
        let reference: JSONValue = ["apiVersion": "v1", "kind": "Node", "name": .string(host), "uid": .string(host)]
        await record(reference, namespace: "default", kind, reason, message)
    }

    private func record(_ reference: JSONValue, namespace: String, _ kind: Kind, _ reason: String, _ message: String) async {
        let key = [reference["uid"]?.stringValue ?? "", reference["fieldPath"]?.stringValue ?? "", kind.rawValue, reason, message]
            .joined(separator: "\u{1}")
        let now = KubeTime.now()
        if let previous = recorded.withLock({ $0[key] }), await bump(previous, key: key, now: now) {
            return
        }
        let objectName = reference["name"]?.stringValue ?? "object"
        let name = "\(objectName).\(Self.suffix(sequence.add(1, ordering: .relaxed).newValue))"
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": reference,
            "reason": .string(reason), "message": .string(message), "type": .string(kind.rawValue),
            "source": ["component": "kubelet", "host": .string(host)],
            "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
            "reportingComponent": "kubelet", "reportingInstance": .string(host),
        ]
        do {
            _ = try await client.create(.events, namespace: namespace, object: event)
            recorded.withLock { table in
                if table.count >= Self.memory { table.removeAll(keepingCapacity: true) }
                table[key] = Recorded(namespace: namespace, name: name, count: 1)
            }
        } catch {
            logger.debug("could not record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }

    /// Folds a repeat into the existing Event; false when that Event is gone.
    private func bump(_ previous: Recorded, key: String, now: String) async -> Bool {
        do {
            var event = try await client.get(.events, namespace: previous.namespace, name: previous.name)
            let count = (event["count"]?.intValue ?? previous.count) + 1
            event["count"] = .int(count)
            event["lastTimestamp"] = .string(now)
            _ = try await client.update(.events, namespace: previous.namespace, object: event)
            recorded.withLock { $0[key]?.count = count }
            return true
        } catch {
            recorded.withLock { _ = $0.removeValue(forKey: key) }
            return false
        }
    }

    /// Kubernetes names events "<object>.<unix nanoseconds in hex>"; a per-process sequence
    /// number keeps two events in the same nanosecond apart.
    private static func suffix(_ sequence: UInt64) -> String {
        let nanos = UInt64(max(0, Date().timeIntervalSince1970 * 1_000_000_000))
        return String(nanos &+ sequence, radix: 16)
    }
}
