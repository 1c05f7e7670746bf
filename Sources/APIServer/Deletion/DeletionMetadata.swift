import Foundation
import Kernel

/// The finalizers the garbage collector acts on.
enum GCFinalizer {
    /// Dependents lose their owner reference, then the owner goes.
    static let orphan = "orphan"
    /// Dependents are deleted first, then the owner goes.
    static let foreground = "foregroundDeletion"
}

/// Reading and writing the deletion fields of `metadata`.
extension JSONValue {
    /// `metadata.finalizers` (empty when absent).
    var finalizerList: [String] {
        get { (self[path: "metadata", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue) }
        set { self[path: "metadata", "finalizers"] = newValue.isEmpty ? nil : .array(newValue.map { .string($0) }) }
    }

    /// `metadata.deletionTimestamp` as a date (nil when unset or unreadable).
    var deletionDate: Date? {
        self[path: "metadata", "deletionTimestamp"]?.stringValue.flatMap(KubeTime.parse)
    }

    /// Whether `metadata.deletionTimestamp` is set.
    var hasDeletionTimestamp: Bool {
        if let stamp = self[path: "metadata", "deletionTimestamp"], !stamp.isNull { return true }
        return false
    }

    /// `metadata.deletionGracePeriodSeconds` (nil when unset).
    var deletionGracePeriod: Int64? { self[path: "metadata", "deletionGracePeriodSeconds"]?.intValue }

    /// A Namespace's `spec.finalizers` (empty when absent).
    var namespaceFinalizers: [String] { (self[path: "spec", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue) }

    /// Marks the object for deletion at `date` with `grace` seconds.
    mutating func markDeleted(at date: Date, grace: Int64) {
        self[path: "metadata", "deletionTimestamp"] = .string(KubeTime.format(date))
        self[path: "metadata", "deletionGracePeriodSeconds"] = .int(grace)
    }
}
