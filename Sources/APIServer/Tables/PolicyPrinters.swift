import Foundation
import Kernel

/// PodDisruptionBudgets, with kubectl's columns.
enum PolicyPrinters {
    /// NAME MIN-AVAILABLE MAX-UNAVAILABLE ALLOWED-DISRUPTIONS AGE; the bound that is not set
    /// shows as N/A.
    static let podDisruptionBudgets = TablePrinter(columns: [
        .name,
        TableColumn("Min Available", "How many (or what share) of the selected pods must stay available."),
        TableColumn("Max Unavailable", "How many (or what share) of the selected pods may be unavailable."),
        TableColumn("Allowed Disruptions", type: "integer", "How many pods may be disrupted right now."),
        .age,
    ]) { budget, now in
        [
            .string(budget.name ?? ""),
            .string(bound(budget[path: "spec", "minAvailable"])),
            .string(bound(budget[path: "spec", "maxUnavailable"])),
            .int(budget[path: "status", "disruptionsAllowed"]?.intValue ?? 0),
            .string(HumanDuration.since(budget[path: "metadata", "creationTimestamp"], now: now)),
        ]
    }

    /// An IntOrString bound as kubectl prints it: the number or percentage, N/A when unset.
    private static func bound(_ value: JSONValue?) -> String {
        guard let value, !value.isNull else { return "N/A" }
        if let number = value.intValue { return String(number) }
        return value.stringValue ?? "N/A"
    }
}
