import Foundation
import Kernel

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE, wide SUBOBJECT SOURCE FIRST SEEN
/// COUNT NAME.
enum EventPrinter {
    /// The event printer.
    static let printer = TablePrinter(columns: [
        TableColumn("Last Seen", "When the event was last seen; with the count and the time since it was first seen when it repeated."),
        TableColumn("Type", "Normal or Warning."),
        TableColumn("Reason", "A short machine-readable reason for the event."),
        TableColumn("Object", "The object the event is about, as kind/name."),
        TableColumn("Subobject", priority: 1, "The field of the object the event is about, such as a container."),
        TableColumn("Source", priority: 1, "The component (and host) that reported the event."),
        TableColumn("Message", "A human-readable description of the event."),
        TableColumn("First Seen", priority: 1, "When the event was first seen."),
        TableColumn("Count", priority: 1, "How many times the event was seen."),
        TableColumn("Name", priority: 1, "The event's name."),
    ], cells: cells)

    /// The cells of one event at `now`, wide cells included.
    static func cells(_ event: JSONValue, now: Date) -> [JSONValue] {
        var firstSeen = HumanDuration.since(event["firstTimestamp"], now: now)
        if event["firstTimestamp"]?.stringValue?.isEmpty ?? true {
            firstSeen = HumanDuration.since(event["eventTime"], now: now)
        }
        var lastSeen = event["lastTimestamp"]?.stringValue?.isEmpty ?? true ? firstSeen : HumanDuration.since(event["lastTimestamp"], now: now)
        var count = event["count"]?.intValue ?? 0
        if let series = event["series"], series.objectValue != nil {
            lastSeen = HumanDuration.since(series["lastObservedTime"], now: now)
            count = series["count"]?.intValue ?? count
        } else if count == 0 {
            count = 1
        }
        let interval = count > 1 ? "\(lastSeen) (x\(count) over \(firstSeen))" : lastSeen
        let kind = TableCells.string(event, "involvedObject", "kind").lowercased()
        let name = TableCells.string(event, "involvedObject", "name")
        return [
            .string(interval), .string(TableCells.string(event, "type")), .string(TableCells.string(event, "reason")),
            .string(name.isEmpty ? kind : "\(kind)/\(name)"), .string(TableCells.string(event, "involvedObject", "fieldPath")),
            .string(source(event)), .string(TableCells.string(event, "message").trimmingCharacters(in: .whitespacesAndNewlines)),
            .string(firstSeen), .int(count), .string(event.name ?? ""),
        ]
    }

    /// "component, host", falling back to the reporting controller and instance.
    private static func source(_ event: JSONValue) -> String {
        var component = TableCells.string(event, "source", "component")
        var host = TableCells.string(event, "source", "host")
        if component.isEmpty {
            component = TableCells.string(event, "reportingComponent")
            host = TableCells.string(event, "reportingInstance")
        }
        return [component, host].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}
