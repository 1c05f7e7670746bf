import Kernel

/// ReplicaSets and Deployments: replica and strategy defaults, pod-template defaults, a
/// required selector that matches the template's labels and may not change, and generation
/// tracking.
struct WorkloadAdmission: KindAdmission {
    /// Which workload.
    enum Kind: Sendable { case replicaSet, deployment }
    let kind: Kind

    var tracksGeneration: Bool { true }

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        PodSpecDefaults.setIfAbsent(&spec, "replicas", .int(1))
        if kind == .deployment {
            PodSpecDefaults.setIfAbsent(&spec, "revisionHistoryLimit", .int(10))
            PodSpecDefaults.setIfAbsent(&spec, "progressDeadlineSeconds", .int(600))
            PodSpecDefaults.setIfAbsent(&spec, "strategy", ["type": "RollingUpdate"])
            // A strategy without a type (protobuf bodies always carry `strategy: {}`) gets the default type too, as in Kubernetes.
            if spec["strategy"]?.objectValue != nil, spec[path: "strategy", "type"] == nil { spec[path: "strategy", "type"] = "RollingUpdate" }
            if spec[path: "strategy", "type"]?.stringValue == "RollingUpdate" {
                var rolling = spec[path: "strategy", "rollingUpdate"] ?? .object([:])
                PodSpecDefaults.setIfAbsent(&rolling, "maxUnavailable", "25%")
                PodSpecDefaults.setIfAbsent(&rolling, "maxSurge", "25%")
                spec[path: "strategy", "rollingUpdate"] = rolling
            }
        }
        if var template = spec[path: "template", "spec"], template.objectValue != nil {
            PodSpecDefaults.apply(&template)
            spec[path: "template", "spec"] = template
        }
        object["spec"] = spec
    }

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = .object([:])
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes: [APIError.Cause] = []
        if let replicas = spec["replicas"], (replicas.intValue ?? -1) < 0 {
            causes.append(.invalid("spec.replicas", replicas, "must be greater than or equal to 0"))
        }
        let selector = spec["selector"]
        if selector == nil || selector?.isNull == true {
            causes.append(.required("spec.selector"))
        } else if let selector, !Self.isValidSelector(selector) {
            causes.append(.invalid("spec.selector", selector, "empty selector is invalid for \(kind == .deployment ? "deployment" : "replicaset")"))
        } else if let selector {
            let labels = (spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            if !Self.selector(selector, matches: labels) {
                causes.append(.invalid("spec.template.metadata.labels", .object(labels.mapValues(JSONValue.string)), "`selector` does not match template `labels`"))
            }
        }
        if spec["template"]?.objectValue == nil {
            causes.append(.required("spec.template"))
        } else {
            causes += PodSpecDefaults.validate(spec[path: "template", "spec"], path: "spec.template.spec", restartPolicies: ["Always"])
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        let oldSelector = old[path: "spec", "selector"]
        let newSelector = new[path: "spec", "selector"]
        return oldSelector == newSelector ? [] : [.immutable("spec.selector", newSelector ?? .null)]
    }

    /// Whether a metav1.LabelSelector has at least one requirement.
    static func isValidSelector(_ selector: JSONValue) -> Bool {
        let matchLabels = selector["matchLabels"]?.objectValue ?? [:]
        let expressions = selector["matchExpressions"]?.arrayValue ?? []
        return !(matchLabels.isEmpty && expressions.isEmpty)
    }

    /// Evaluates a metav1.LabelSelector (matchLabels and matchExpressions) against labels.
    static func selector(_ selector: JSONValue, matches labels: [String: String]) -> Bool {
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] where labels[key] != value.stringValue {
            return false
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            let actual = labels[key]
            switch expression["operator"]?.stringValue {
            case "In": if !(actual.map(values.contains) ?? false) { return false }
            case "NotIn": if let actual, values.contains(actual) { return false }
            case "Exists": if actual == nil { return false }
            case "DoesNotExist": if actual != nil { return false }
            default: return false
            }
        }
        return true
    }
}
