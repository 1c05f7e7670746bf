import Kernel

/// Which nodes a DaemonSet runs on, and its pods, as Kubernetes' daemon controller decides:
/// a node qualifies when it matches the template's `nodeSelector` and required node affinity
/// and its NoSchedule and NoExecute taints are tolerated, counting the tolerations every
/// daemon pod gets (not-ready and unreachable NoExecute without time limit; disk, memory and
/// PID pressure and unschedulable NoSchedule; network-unavailable with hostNetwork). A
/// cordoned node still qualifies. Each pod is pinned to its node through required node
/// affinity on `metadata.name`, and the scheduler binds it.
enum DaemonPlacement {
    /// The label with the hash of the template a daemon pod was made from.
    static let revisionLabel = "controller-revision-hash"
    /// The label with the DaemonSet generation a daemon pod was made at.
    static let generationLabel = "pod-template-generation"

    /// The tolerations every daemon pod gets on top of its template's.
    static func tolerations(hostNetwork: Bool) -> [JSONValue] {
        var result: [JSONValue] = [
            ["key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute"],
            ["key": "node.kubernetes.io/disk-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/memory-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/pid-pressure", "operator": "Exists", "effect": "NoSchedule"],
            ["key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"],
        ]
        if hostNetwork { result.append(["key": "node.kubernetes.io/network-unavailable", "operator": "Exists", "effect": "NoSchedule"]) }
        return result
    }

    /// The template's pod spec with the daemon tolerations added.
    static func podSpec(_ template: JSONValue) -> JSONValue {
        var spec = template["spec"] ?? [:]
        var tolerations = spec["tolerations"]?.arrayValue ?? []
        for toleration in Self.tolerations(hostNetwork: spec["hostNetwork"]?.boolValue == true) where !tolerations.contains(toleration) {
            tolerations.append(toleration)
        }
        spec["tolerations"] = .array(tolerations)
        return spec
    }

    /// Whether a daemon pod with `spec` belongs on `node`.
    static func shouldRun(_ spec: JSONValue, on node: JSONValue) -> Bool {
        let labels = node.labels
        for (key, value) in spec["nodeSelector"]?.objectValue ?? [:] where labels[key] != value.stringValue { return false }
        if let terms = spec[path: "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]?.arrayValue,
           !terms.isEmpty, !terms.contains(where: { matches($0, node) }) {
            return false
        }
        let tolerations = spec["tolerations"]?.arrayValue ?? []
        for taint in node[path: "spec", "taints"]?.arrayValue ?? [] {
            guard ["NoSchedule", "NoExecute"].contains(taint["effect"]?.stringValue ?? "") else { continue }
            if !tolerations.contains(where: { NodeTaints.tolerates($0, taint) }) { return false }
        }
        return true
    }

    /// One node selector term: its matchExpressions hold for the node's labels and its
    /// matchFields (only `metadata.name`) for the node's name. An empty or malformed term
    /// matches nothing, as in Kubernetes.
    static func matches(_ term: JSONValue, _ node: JSONValue) -> Bool {
        let fields = term["matchFields"]?.arrayValue ?? []
        guard fields.allSatisfy({ $0["key"]?.stringValue == "metadata.name" }),
              let labels = LabelMatcher(selector: ["matchExpressions": term["matchExpressions"] ?? []]),
              let name = LabelMatcher(selector: ["matchExpressions": .array(fields)]),
              !(labels.isEmpty && name.isEmpty) else { return false }
        return labels.matches(node.labels) && name.matches(["metadata.name": node.name ?? ""])
    }

    /// The node a daemon pod is for: where it is bound, else the `metadata.name` its node
    /// affinity requires.
    static func targetNode(of pod: JSONValue) -> String? {
        if let node = pod.podNodeName { return node }
        let terms = pod[path: "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]?.arrayValue ?? []
        for term in terms {
            for field in term["matchFields"]?.arrayValue ?? [] where field["key"]?.stringValue == "metadata.name" && field["operator"]?.stringValue == "In" {
                if let name = field["values"]?.arrayValue?.first?.stringValue { return name }
            }
        }
        return nil
    }

    /// A new daemon pod for `node`: the template with the daemon tolerations, its labels plus
    /// the revision hash and generation, `generateName` `<ds>-`, the DaemonSet as controller,
    /// and required node affinity for exactly this node (replacing any name the template pins).
    static func pod(of daemonSet: JSONValue, node: String, hash: String) -> JSONValue {
        let template = daemonSet[path: "spec", "template"] ?? [:]
        var labels = template[path: "metadata", "labels"]?.objectValue ?? [:]
        labels[revisionLabel] = .string(hash)
        labels[generationLabel] = .string(String(daemonSet.generation))
        var metadata: JSONValue = [
            "generateName": .string("\(daemonSet.name ?? "")-"),
            "namespace": .string(daemonSet.namespace ?? ""),
            "labels": .object(labels),
            "ownerReferences": [OwnerReference(controllerOf: daemonSet, type: .daemonSets).json],
        ]
        if let annotations = template[path: "metadata", "annotations"], !annotations.isNull { metadata["annotations"] = annotations }
        var spec = podSpec(template)
        let pin: JSONValue = ["key": "metadata.name", "operator": "In", "values": [.string(node)]]
        var terms = spec[path: "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"]?.arrayValue ?? []
        if terms.isEmpty {
            terms = [["matchFields": [pin]]]
        } else {
            for index in terms.indices {
                var fields = (terms[index]["matchFields"]?.arrayValue ?? []).filter { $0["key"]?.stringValue != "metadata.name" }
                fields.append(pin)
                terms[index]["matchFields"] = .array(fields)
            }
        }
        spec[path: "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"] = .array(terms)
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec]
    }
}
