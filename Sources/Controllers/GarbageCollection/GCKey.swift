import Kernel

/// One object the garbage collector looks at: its type, namespace and name.
public struct GCKey: Hashable, Sendable, CustomStringConvertible {
    /// The object's type.
    public var type: ResourceType
    /// Its namespace ("" for cluster-scoped kinds).
    public var namespace: String
    /// Its name.
    public var name: String

    /// Creates a key.
    public init(type: ResourceType, namespace: String, name: String) {
        self.type = type
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object of `type`.
    public init(_ type: ResourceType, _ object: JSONValue) {
        self.init(type: type, namespace: type.namespaced ? (object.namespace ?? "") : "", name: object.name ?? "")
    }

    /// "Kind ns/name".
    public var description: String { "\(type.kind) \(namespace.isEmpty ? name : "\(namespace)/\(name)")" }

    /// The served type an owner reference names (by apiVersion and kind), nil when none is served.
    static func ownerType(_ reference: OwnerReference) -> ResourceType? {
        ResourceType.all.first { $0.kind == reference.kind && $0.apiVersion == reference.apiVersion }
            ?? ResourceType.all.first { $0.kind == reference.kind && reference.apiVersion.isEmpty }
    }

    /// The key of the owner a reference of the object `dependent` names: in the dependent's
    /// namespace for namespaced owners.
    static func owner(_ reference: OwnerReference, of dependent: GCKey) -> GCKey? {
        guard let type = ownerType(reference) else { return nil }
        return GCKey(type: type, namespace: type.namespaced ? dependent.namespace : "", name: reference.name)
    }
}

/// The garbage collector's finalizers, as Kubernetes names them.
public enum GCFinalizers {
    /// Set by the API for `propagationPolicy: Orphan`.
    public static let orphan = "orphan"
    /// Set by the API for `propagationPolicy: Foreground`.
    public static let foreground = "foregroundDeletion"
}

extension JSONValue {
    /// `metadata.finalizers` (empty when absent).
    var finalizerNames: [String] { (self[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue) }

    /// Whether the object is being deleted in the foreground (waits for its dependents).
    var isDeletingInForeground: Bool { isBeingDeleted && finalizerNames.contains(GCFinalizers.foreground) }

    /// Removes one finalizer; false when it was not there.
    mutating func removeFinalizer(_ name: String) -> Bool {
        let names = finalizerNames
        guard names.contains(name) else { return false }
        let kept = names.filter { $0 != name }
        self[path: "metadata", "finalizers"] = kept.isEmpty ? nil : .array(kept.map { .string($0) })
        return true
    }
}
