import Foundation
import Logging
import Synchronization

/// Writes core/v1 Events (what `kubectl describe` shows) the way Kubernetes components do:
/// named "<object>.<hex nanoseconds>", with the component (and host) as the source, and a
/// repeat of the same event (same object, field, type, reason and message) folded into the
/// existing Event, whose `count` and `lastTimestamp` grow. Best effort: a failure to record is
/// logged at debug level and never fails the work that caused it.
public final class EventRecorder: Sendable {
    /// Event types.
    public enum Kind: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    private struct Recorded {
        let namespace: String
        let name: String
        var count: Int64
    }

    private let client: any ObjectClient
    private let component: String
    private let host: String?
    private let logger: Logger
    private let recorded = Mutex<[String: Recorded]>([:])
    private let sequence = Atomic<UInt64>(0)
    private static let memory = 4096

    /// A recorder for `component` ("kubelet", "deployment-controller"), on `host` when it runs
    /// on a node.
    public init(client: any ObjectClient, component: String, host: String? = nil, logger: Logger) {
        self.client = client
        self.component = component
        self.host = host
        self.logger = logger
    }

    /// The `involvedObject` reference to an object of `type`; `fieldPath` names a part of it
    /// ("spec.containers{web}").
    public static func reference(to object: JSONValue, type: ResourceType, fieldPath: String? = nil) -> JSONValue {
        var reference: JSONValue = [
            "apiVersion": .string(type.apiVersion), "kind": .string(type.kind),
            "name": .string(object.name ?? ""), "uid": .string(object.uid ?? ""),
        ]
        if type.namespaced { reference["namespace"] = .string(object.namespace ?? "default") }
        if let version = object[path: "metadata", "resourceVersion"] { reference["resourceVersion"] = version }
        if let fieldPath { reference["fieldPath"] = .string(fieldPath) }
        return reference
    }

    /// Records an event about `object` of `type`; `eventType` is "Normal" or "Warning".
    public func record(_ object: JSONValue, type: ResourceType, eventType: String = "Normal", reason: String, message: String) async {
        await record(
            involving: Self.reference(to: object, type: type), namespace: object.namespace ?? "default",
            Kind(rawValue: eventType) ?? .normal, reason: reason, message: message)
    }

    /// Records an event about the object `reference` points to, filed in `namespace`.
    public func record(involving reference: JSONValue, namespace: String, _ kind: Kind, reason: String, message: String) async {
        let key = [reference["uid"]?.stringValue ?? reference["name"]?.stringValue ?? "", reference["fieldPath"]?.stringValue ?? "",
                   kind.rawValue, reason, message].joined(separator: "\u{1}")
        let now = KubeTime.now()
        if let previous = recorded.withLock({ $0[key] }), await bump(previous, key: key, now: now) {
            return
        }
        let objectName = reference["name"]?.stringValue ?? "object"
        let name = "\(objectName).\(Self.suffix(sequence.add(1, ordering: .relaxed).newValue))"
        var source: JSONValue = ["component": .string(component)]
        if let host { source["host"] = .string(host) }
        var event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": reference,
            "reason": .string(reason), "message": .string(message), "type": .string(kind.rawValue),
            "source": source, "firstTimestamp": .string(now), "lastTimestamp": .string(now), "count": 1,
            "reportingComponent": .string(component),
        ]
        if let host { event["reportingInstance"] = .string(host) }
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
