import Foundation
import Kernel

/// PersistentVolumeClaims and PersistentVolumes, with kubectl's columns.
enum StoragePrinters {
    private static let volumeMode = TableColumn("VolumeMode", priority: 1, "Whether the volume is a filesystem or a raw block device.")

    /// NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE.
    static let claims = TablePrinter(columns: [
        .name,
        TableColumn("Status", "The claim's phase: Pending, Bound or Lost."),
        TableColumn("Volume", "The PersistentVolume bound to the claim."),
        TableColumn("Capacity", "The capacity of the bound volume."),
        TableColumn("Access Modes", "The access modes of the bound volume."),
        TableColumn("StorageClass", "The StorageClass the claim asks for."),
        TableColumn("VolumeAttributesClass", "The VolumeAttributesClass the claim currently uses."),
        .age, volumeMode,
    ]) { claim, now in
        let phase = claim[path: "metadata", "deletionTimestamp"] != nil ? "Terminating" : TableCells.string(claim, "status", "phase")
        let bound = phase == "Bound"
        return [
            .string(claim.name ?? ""), .string(phase), .string(TableCells.string(claim, "spec", "volumeName")),
            .string(bound ? quantityText(claim[path: "status", "capacity", "storage"]) : ""),
            .string(bound ? StorageRules.abbreviatedModes(claim[path: "status", "accessModes"]) : ""),
            .string(storageClass(claim)),
            .string(unset(TableCells.string(claim, "status", "currentVolumeAttributesClassName"))),
            .string(HumanDuration.since(claim[path: "metadata", "creationTimestamp"], now: now)),
            .string(volumeModeText(claim)),
        ]
    }

    /// NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS
    /// REASON AGE, wide VOLUMEMODE.
    static let volumes = TablePrinter(columns: [
        .name,
        TableColumn("Capacity", "The volume's storage capacity."),
        TableColumn("Access Modes", "The ways the volume can be mounted."),
        TableColumn("Reclaim Policy", "What happens to the volume when its claim is released."),
        TableColumn("Status", "The volume's phase: Pending, Available, Bound, Released or Failed."),
        TableColumn("Claim", "The claim bound to the volume, as namespace/name."),
        TableColumn("StorageClass", "The StorageClass the volume belongs to."),
        TableColumn("VolumeAttributesClass", "The VolumeAttributesClass the volume belongs to."),
        TableColumn("Reason", "Why the volume is in its phase, when it failed."),
        .age, volumeMode,
    ]) { volume, now in
        var claim = ""
        if let reference = volume[path: "spec", "claimRef"], !reference.isNull {
            claim = "\(reference["namespace"]?.stringValue ?? "")/\(reference["name"]?.stringValue ?? "")"
        }
        let phase = volume[path: "metadata", "deletionTimestamp"] != nil ? "Terminating" : TableCells.string(volume, "status", "phase")
        return [
            .string(volume.name ?? ""), .string(quantityText(volume[path: "spec", "capacity", "storage"])),
            .string(StorageRules.abbreviatedModes(volume[path: "spec", "accessModes"])),
            .string(TableCells.string(volume, "spec", "persistentVolumeReclaimPolicy")),
            .string(phase), .string(claim), .string(storageClass(volume)),
            .string(unset(TableCells.string(volume, "spec", "volumeAttributesClassName"))),
            .string(TableCells.string(volume, "status", "reason")),
            .string(HumanDuration.since(volume[path: "metadata", "creationTimestamp"], now: now)),
            .string(volumeModeText(volume)),
        ]
    }

    /// `spec.storageClassName`, or the legacy beta annotation.
    private static func storageClass(_ object: JSONValue) -> String {
        if let name = object[path: "spec", "storageClassName"]?.stringValue { return name }
        return object[path: "metadata", "annotations", "volume.beta.kubernetes.io/storage-class"]?.stringValue ?? ""
    }

    private static func unset(_ value: String) -> String { value.isEmpty ? "<unset>" : value }

    private static func volumeModeText(_ object: JSONValue) -> String {
        object[path: "spec", "volumeMode"]?.stringValue ?? "Filesystem"
    }

    private static func quantityText(_ value: JSONValue?) -> String {
        guard let value else { return "" }
        return value.stringValue ?? value.intValue.map { String($0) } ?? ""
    }
}
