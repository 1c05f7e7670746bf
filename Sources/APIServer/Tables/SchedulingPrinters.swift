import Foundation
import Kernel

/// PriorityClasses, with kubectl's columns.
enum SchedulingPrinters {
    /// NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY.
    static let priorityClasses = TablePrinter(columns: [
        .name,
        TableColumn("Value", type: "integer", "The priority pods of this class get."),
        TableColumn("Global-Default", type: "boolean", "Whether pods naming no class get this one."),
        .age,
        TableColumn("PreemptionPolicy", "Whether pods of this class may preempt lower-priority pods."),
    ]) { priorityClass, now in
        [
            .string(priorityClass.name ?? ""),
            .int(Int64(priorityClass["value"]?.intValue ?? 0)),
            .bool(priorityClass["globalDefault"]?.boolValue ?? false),
            .string(HumanDuration.since(priorityClass[path: "metadata", "creationTimestamp"], now: now)),
            .string(priorityClass["preemptionPolicy"]?.stringValue ?? "PreemptLowerPriority"),
        ]
    }
}
