import Foundation
import Kernel

/// The workloads served without a controller yet: DaemonSets, StatefulSets,
/// ReplicationControllers and CronJobs, with kubectl's columns.
enum SetPrinters {
    private static let containers = TableColumn("Containers", priority: 1, "The names of the containers in the pod template.")
    private static let images = TableColumn("Images", priority: 1, "The images of the containers in the pod template.")
    private static let selector = TableColumn("Selector", priority: 1, "The label selector of the pods it manages.")

    /// NAME CONTROLLER REVISION AGE: the controller as `<kind>.<group>/<name>`.
    static let controllerRevisions = TablePrinter(columns: [
        .name,
        TableColumn("Controller", "The controller this revision belongs to."),
        TableColumn("Revision", type: "integer", "The revision number."),
        .age,
    ]) { revision, now in
        let owner = (revision[path: "metadata", "ownerReferences"]?.arrayValue ?? []).first { $0["controller"]?.boolValue == true }
        var controller = "<none>"
        if let owner, let kind = owner["kind"]?.stringValue, let name = owner["name"]?.stringValue {
            let group = (owner["apiVersion"]?.stringValue ?? "").split(separator: "/").dropLast().first.map { ".\($0)" } ?? ""
            controller = "\(kind.lowercased())\(group)/\(name)"
        }
        return [
            .string(revision.name ?? ""), .string(controller), .int(TableCells.int(revision, ["revision"])),
            .string(HumanDuration.since(revision[path: "metadata", "creationTimestamp"], now: now)),
        ]
    }

    /// NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE, wide CONTAINERS IMAGES SELECTOR.
    static let daemonSets = TablePrinter(columns: [
        .name,
        TableColumn("Desired", type: "integer", "The number of nodes that should run the daemon pod."),
        TableColumn("Current", type: "integer", "The number of nodes running the daemon pod."),
        TableColumn("Ready", type: "integer", "The number of nodes with a ready daemon pod."),
        TableColumn("Up-to-date", type: "integer", "The number of nodes running the updated daemon pod."),
        TableColumn("Available", type: "integer", "The number of nodes with an available daemon pod."),
        TableColumn("Node Selector", "The node selector of the pod template."),
        .age, containers, images, selector,
    ]) { set, now in
        [
            .string(set.name ?? ""),
            .int(TableCells.int(set, ["status", "desiredNumberScheduled"])),
            .int(TableCells.int(set, ["status", "currentNumberScheduled"])),
            .int(TableCells.int(set, ["status", "numberReady"])),
            .int(TableCells.int(set, ["status", "updatedNumberScheduled"])),
            .int(TableCells.int(set, ["status", "numberAvailable"])),
            .string(TableCells.labels(set[path: "spec", "template", "spec", "nodeSelector"])),
            .string(HumanDuration.since(set[path: "metadata", "creationTimestamp"], now: now)),
        ] + templateCells(set[path: "spec", "template", "spec"]) + [.string(LabelSelectorText.format(set[path: "spec", "selector"]))]
    }

    /// NAME READY AGE, wide CONTAINERS IMAGES.
    static let statefulSets = TablePrinter(columns: [
        .name,
        TableColumn("Ready", "Ready replicas out of the desired number."),
        .age, containers, images,
    ]) { set, now in
        let desired = TableCells.int(set, ["spec", "replicas"], otherwise: 1)
        return [
            .string(set.name ?? ""), .string("\(TableCells.int(set, ["status", "readyReplicas"]))/\(desired)"),
            .string(HumanDuration.since(set[path: "metadata", "creationTimestamp"], now: now)),
        ] + templateCells(set[path: "spec", "template", "spec"])
    }

    /// NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.
    static let replicationControllers = TablePrinter(columns: [
        .name,
        TableColumn("Desired", type: "integer", "The number of replicas asked for."),
        TableColumn("Current", type: "integer", "The number of replicas that exist."),
        TableColumn("Ready", type: "integer", "The number of ready replicas."),
        .age, containers, images, selector,
    ]) { controller, now in
        [
            .string(controller.name ?? ""),
            .int(TableCells.int(controller, ["spec", "replicas"], otherwise: 1)),
            .int(TableCells.int(controller, ["status", "replicas"])),
            .int(TableCells.int(controller, ["status", "readyReplicas"])),
            .string(HumanDuration.since(controller[path: "metadata", "creationTimestamp"], now: now)),
        ] + templateCells(controller[path: "spec", "template", "spec"])
            + [.string(LabelSelectorText.format(["matchLabels": controller[path: "spec", "selector"] ?? .object([:])]))]
    }

    /// NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE, wide CONTAINERS IMAGES SELECTOR.
    static let cronJobs = TablePrinter(columns: [
        .name,
        TableColumn("Schedule", "The cron schedule jobs run on."),
        TableColumn("Timezone", "The time zone the schedule is read in."),
        TableColumn("Suspend", type: "boolean", "Whether new runs are suspended."),
        TableColumn("Active", type: "integer", "The number of jobs running now."),
        TableColumn("Last Schedule", "How long ago a job was last scheduled."),
        .age, containers, images, selector,
    ]) { cronJob, now in
        let last = cronJob[path: "status", "lastScheduleTime"].flatMap { $0.isNull ? nil : $0 }
        return [
            .string(cronJob.name ?? ""), .string(TableCells.string(cronJob, "spec", "schedule")),
            .string(TableCells.orNone(TableCells.string(cronJob, "spec", "timeZone"))),
            .string(cronJob[path: "spec", "suspend"]?.boolValue == true ? "True" : "False"),
            .int(Int64(TableCells.array(cronJob, "status", "active").count)),
            .string(last.map { HumanDuration.since($0, now: now) } ?? "<none>"),
            .string(HumanDuration.since(cronJob[path: "metadata", "creationTimestamp"], now: now)),
        ] + templateCells(cronJob[path: "spec", "jobTemplate", "spec", "template", "spec"])
            + [.string(TableCells.orNone(LabelSelectorText.format(cronJob[path: "spec", "jobTemplate", "spec", "selector"])))]
    }

    private static func templateCells(_ podSpec: JSONValue?) -> [JSONValue] {
        let listed = TableCells.containers(podSpec)
        return [.string(listed.names), .string(listed.images)]
    }
}
