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
        self.event(type: event.type, object: object(event.object).serialized())
    }

    /// A pod's JSON, stripped, as bytes (what `newPod` decodes).
    public static func pod(_ pod: JSONValue) -> Data { object(pod).serialized() }

    /// The watch JSON of an event of `type` around an object already written (`pod(_:)`), so a
    /// pod written once serves both `newPod` and its event. The members come in the writer's
    /// sorted order, so the bytes equal the event's `WatchEvent.json` written whole.
    public static func event(type: String, object: Data) -> Data {
        var bytes = Data(#"{"object":"#.utf8)
        bytes.reserveCapacity(object.count + 32)
        bytes.append(object)
        bytes.append(contentsOf: #","type":"#.utf8)
        bytes.append(JSONValue.string(type).serialized())
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
