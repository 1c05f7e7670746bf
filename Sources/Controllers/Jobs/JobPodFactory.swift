import Kernel
import Synchronization

/// Builds the pods of a Job from its template: `generateName` `<job>-` (`<job>-<index>-` when
/// Indexed), the template's labels, annotations and spec, and the Job as controller. An
/// Indexed Job's pod carries its index as the `batch.kubernetes.io/job-completion-index`
/// annotation and label, `<job>-<index>` as hostname, and `JOB_COMPLETION_INDEX` in every
/// container's environment.
struct JobPodFactory: Sendable {
    let job: JSONValue

    /// A new pod, for `index` when the Job is Indexed.
    func pod(index: Int?) -> JSONValue {
        let template = job[path: "spec", "template"] ?? [:]
        let name = job.name ?? ""
        var metadata: JSONValue = [
            "generateName": .string(index.map { "\(name)-\($0)-" } ?? "\(name)-"),
            "namespace": .string(job.namespace ?? ""),
            "ownerReferences": [OwnerReference(controllerOf: job, type: .jobs).json],
        ]
        for field in ["labels", "annotations", "finalizers"] {
            if let value = template[path: "metadata", field], !value.isNull { metadata[field] = value }
        }
        var spec = template["spec"] ?? [:]
        if let index {
            metadata[path: "annotations", JobIndexes.annotation] = .string(String(index))
            metadata[path: "labels", JobIndexes.annotation] = .string(String(index))
            if spec["hostname"]?.stringValue == nil { spec["hostname"] = .string("\(name)-\(index)") }
            let variable: JSONValue = [
                "name": "JOB_COMPLETION_INDEX",
                "valueFrom": ["fieldRef": ["fieldPath": .string("metadata.annotations['\(JobIndexes.annotation)']")]],
            ]
            for field in ["initContainers", "containers"] {
                guard var containers = spec[field]?.arrayValue else { continue }
                for position in containers.indices {
                    var env = containers[position]["env"]?.arrayValue ?? []
                    if !env.contains(where: { $0["name"]?.stringValue == "JOB_COMPLETION_INDEX" }) { env.append(variable) }
                    containers[position]["env"] = .array(env)
                }
                spec[field] = .array(containers)
            }
        }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
    }
}

/// Hands out the indexes (or nils) of the pods to create, one per concurrent creation.
final class JobCreationQueue: Sendable {
    private let remaining: Mutex<[Int?]>

    init(_ wanted: [Int?]) { remaining = Mutex(wanted) }

    /// The next index to create (nil for a NonIndexed pod, or when none is left).
    func next() -> Int? {
        remaining.withLock { $0.isEmpty ? nil : $0.removeFirst() }
    }
}
