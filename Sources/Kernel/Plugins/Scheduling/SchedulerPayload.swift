import Foundation

/// What scheduler bundles receive of an object: everything but `metadata.managedFields`, which
/// no scheduling plugin reads (kube-scheduler strips them from its informers too) and which is
/// often the largest part of a small object, so writing and decoding it is most of the cost of
/// an event crossing the ABI.
public enum SchedulerPayload {
    /// `object` without `metadata.managedFields`.
    static func object(_ object: JSONValue) -> JSONValue {
        guard object[path: "metadata", "managedFields"] != nil else { return object }
        var stripped = object
        stripped[path: "metadata", "managedFields"] = nil
        return stripped
    }

    /// The watch JSON of `event` with its object stripped, as bytes.
    static func event(_ event: WatchEvent) -> Data {
        WatchEvent(type: event.type, object: object(event.object), revision: event.revision).json.serialized()
    }

    /// A pod's JSON, stripped, as bytes (what `newPod` decodes).
    public static func pod(_ pod: JSONValue) -> Data { object(pod).serialized() }

    /// The watch JSON of a pod event of `type` around the pod's bytes from `pod(_:)`: the same
    /// bytes as `event(_:)` writes, without writing the pod a second time.
    public static func podEvent(type: String, pod: Data) -> Data {
        var bytes = Data(#"{"object":"#.utf8)
        bytes.reserveCapacity(pod.count + 32)
        bytes.append(pod)
        bytes.append(contentsOf: #","type":"#.utf8)
        bytes.append(JSONValue.string(type).serialized())
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
