import Foundation
import Kernel

/// One entry of `metadata.ownerReferences`.
public struct OwnerReference: Sendable, Hashable {
    /// The owner's `apiVersion`, "apps/v1".
    public var apiVersion: String
    /// The owner's kind, "ReplicaSet".
    public var kind: String
    /// The owner's name.
    public var name: String
    /// The owner's uid.
    public var uid: String
    /// Whether the owner is the managing controller (at most one reference may say so).
    public var controller: Bool
    /// Whether a foreground deletion of the owner waits for this dependent.
    public var blockOwnerDeletion: Bool

    /// Creates a reference.
    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool = true, blockOwnerDeletion: Bool = true) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }

    /// The controller reference a controller of `type` puts on objects it manages.
    public init(controllerOf owner: JSONValue, type: ResourceType) {
        self.init(apiVersion: type.apiVersion, kind: type.kind, name: owner.name ?? "", uid: owner.uid ?? "")
    }

    /// Reads one reference; nil when a required field is missing.
    public init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue, let name = json["name"]?.stringValue,
            let uid = json["uid"]?.stringValue
        else { return nil }
        self.init(
            apiVersion: json["apiVersion"]?.stringValue ?? "", kind: kind, name: name, uid: uid,
            controller: json["controller"]?.boolValue ?? false,
            blockOwnerDeletion: json["blockOwnerDeletion"]?.boolValue ?? false)
    }

    /// The reference as Kubernetes JSON.
    public var json: JSONValue {
        [
            "apiVersion": .string(apiVersion), "kind": .string(kind), "name": .string(name), "uid": .string(uid),
            "controller": .bool(controller), "blockOwnerDeletion": .bool(blockOwnerDeletion),
        ]
    }
}

extension JSONValue {
    /// `metadata.ownerReferences`, parsed (malformed entries skipped).
    public var ownerReferences: [OwnerReference] {
        (self[path: "metadata", "ownerReferences"]?.arrayValue ?? []).compactMap(OwnerReference.init(json:))
    }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? {
        ownerReferences.first { $0.controller }
    }

    /// Whether `owner` (by uid) is this object's controller.
    public func isControlled(byUID uid: String?) -> Bool {
        guard let uid else { return false }
        return controllerReference?.uid == uid
    }

    /// `metadata.deletionTimestamp` is set: the object is being deleted.
    public var isBeingDeleted: Bool {
        if let stamp = self[path: "metadata", "deletionTimestamp"], !stamp.isNull { return true }
        return false
    }

    /// `metadata.generation` (0 when absent).
    public var generation: Int64 { self[path: "metadata", "generation"]?.intValue ?? 0 }

    /// `metadata.annotations`.
    public var annotations: [String: String] {
        get { (self[path: "metadata", "annotations"]?.objectValue ?? [:]).compactMapValues(\.stringValue) }
        set { self[path: "metadata", "annotations"] = newValue.isEmpty ? nil : .object(newValue.mapValues(JSONValue.string)) }
    }

    /// `metadata.creationTimestamp` as a date (nil when absent or unreadable).
    public var creationDate: Date? { self[path: "metadata", "creationTimestamp"]?.stringValue.flatMap(KubeTime.parse) }
}
