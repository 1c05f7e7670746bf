import Foundation
import Kernel

/// The workload kinds: deployments, replica sets and jobs.
enum WorkloadPrinters {
    private static let wideColumns = [
        TableColumn("Containers", priority: 1, "The names of the containers in the pod template."),
        TableColumn("Images", priority: 1, "The images of the containers in the pod template."),
        TableColumn("Selector", priority: 1, "The label selector of the pods it manages."),
    ]

    /// NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR.
    static let deployments = TablePrinter(columns: [
        .name,
        TableColumn("Ready", "Ready replicas out of the desired number."),
        TableColumn("Up-to-date", type: "integer", "Replicas updated to the current pod template."),
        TableColumn("Available", type: "integer", "Replicas available to users."),
        .age,
    ] + wideColumns) { deployment, now in
        let desired = TableCells.int(deployment, ["spec", "replicas"], otherwise: 1)
        let ready = TableCells.int(deployment, ["status", "readyReplicas"])
        return [
            .string(deployment.name ?? ""), .string("\(ready)/\(desired)"),
            .int(TableCells.int(deployment, ["status", "updatedReplicas"])),
            .int(TableCells.int(deployment, ["status", "availableReplicas"])),
            .string(HumanDuration.since(deployment[path: "metadata", "creationTimestamp"], now: now)),
        ] + wideCells(deployment)
    }

    /// NAME DESIRED CURRENT READY AGE, wide CONTAINERS IMAGES SELECTOR.
    static let replicaSets = TablePrinter(columns: [
        .name,
        TableColumn("Desired", type: "integer", "The number of replicas asked for."),
        TableColumn("Current", type: "integer", "The number of replicas that exist."),
        TableColumn("Ready", type: "integer", "The number of ready replicas."),
        .age,
    ] + wideColumns) { replicaSet, now in
        [
            .string(replicaSet.name ?? ""),
            .int(TableCells.int(replicaSet, ["spec", "replicas"], otherwise: 1)),
            .int(TableCells.int(replicaSet, ["status", "replicas"])),
            .int(TableCells.int(replicaSet, ["status", "readyReplicas"])),
            .string(HumanDuration.since(replicaSet[path: "metadata", "creationTimestamp"], now: now)),
        ] + wideCells(replicaSet)
    }

    /// NAME STATUS COMPLETIONS DURATION AGE, wide CONTAINERS IMAGES SELECTOR.
    static let jobs = TablePrinter(columns: [
        .name,
        TableColumn("Status", "The job's state: Running, Complete, Failed, Suspended or Terminating."),
        TableColumn("Completions", "Succeeded pods out of the completions asked for."),
        TableColumn("Duration", "How long the job ran (or has been running)."),
        .age,
    ] + wideColumns) { job, now in
        [
            .string(job.name ?? ""), .string(jobStatus(job)), .string(completions(job)), .string(jobDuration(job, now: now)),
            .string(HumanDuration.since(job[path: "metadata", "creationTimestamp"], now: now)),
        ] + wideCells(job)
    }

    private static func wideCells(_ object: JSONValue) -> [JSONValue] {
        let containers = TableCells.containers(object[path: "spec", "template", "spec"])
        return [.string(containers.names), .string(containers.images), .string(LabelSelectorText.format(object[path: "spec", "selector"]))]
    }

    /// Complete, Failed, Terminating, Suspended, FailureTarget, SuccessCriteriaMet or Running.
    static func jobStatus(_ job: JSONValue) -> String {
        let conditions = TableCells.array(job, "status", "conditions")
        func has(_ type: String) -> Bool { conditions.contains { $0["type"] == .string(type) && $0["status"] == "True" } }
        if has("Complete") { return "Complete" }
        if has("Failed") { return "Failed" }
        if job[path: "metadata", "deletionTimestamp"] != nil { return "Terminating" }
        if has("Suspended") { return "Suspended" }
        if has("FailureTarget") { return "FailureTarget" }
        if has("SuccessCriteriaMet") { return "SuccessCriteriaMet" }
        return "Running"
    }

    /// "1/3", "0/1", or "0/1 of 4" for a work queue job with parallelism.
    static func completions(_ job: JSONValue) -> String {
        let succeeded = TableCells.int(job, ["status", "succeeded"])
        if let completions = job[path: "spec", "completions"]?.intValue { return "\(succeeded)/\(completions)" }
        if let parallelism = job[path: "spec", "parallelism"]?.intValue, parallelism > 1 { return "\(succeeded)/1 of \(parallelism)" }
        return "\(succeeded)/1"
    }

    private static func jobDuration(_ job: JSONValue, now: Date) -> String {
        guard let start = job[path: "status", "startTime"]?.stringValue.flatMap(KubeTime.parse) else { return "" }
        let end = job[path: "status", "completionTime"]?.stringValue.flatMap(KubeTime.parse) ?? now
        return HumanDuration.format(seconds: end.timeIntervalSince(start))
    }
}
