import Foundation
import Kernel
import Logging

/// Writes core/v1 Events about objects (what `kubectl describe` shows), best effort: a failure
/// to record is logged at debug level and never fails the reconcile that caused it.
public struct EventRecorder: Sendable {
    /// The client Events are created through.
    public let client: any ObjectClient
    /// `source.component`, "deployment-controller".
    public let component: String
    private let logger: Logger

    /// Creates a recorder for a component.
    public init(client: any ObjectClient, component: String, logger: Logger) {
        self.client = client
        self.component = component
        self.logger = logger
    }

    /// Records a Normal or Warning event about `object` of `type`.
    public func record(_ object: JSONValue, type: ResourceType, eventType: String = "Normal", reason: String, message: String) async {
        let namespace = object.namespace ?? "default"
        let now = Date()
        let stamp = Timestamps.format(now)
        let suffix = String(UInt64(now.timeIntervalSince1970 * 1_000_000_000), radix: 16) + String(UInt32.random(in: 0...UInt32.max) & 0xfff, radix: 16)
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string("\(object.name ?? "object").\(suffix)"), "namespace": .string(namespace)],
            "involvedObject": [
                "apiVersion": .string(type.apiVersion), "kind": .string(type.kind), "namespace": .string(namespace),
                "name": .string(object.name ?? ""), "uid": .string(object.uid ?? ""),
                "resourceVersion": .string(object[path: "metadata", "resourceVersion"]?.stringValue ?? ""),
            ],
            "reason": .string(reason), "message": .string(message), "type": .string(eventType),
            "source": ["component": .string(component)], "reportingComponent": .string(component),
            "firstTimestamp": .string(stamp), "lastTimestamp": .string(stamp), "count": 1,
        ]
        do {
            _ = try await client.create(.events, namespace: namespace, object: event)
        } catch {
            logger.debug("could not record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
        }
    }
}
