import Kernel

/// Defaults and checks the pod-template workloads served without a controller share
/// (DaemonSets, StatefulSets, ReplicationControllers, CronJobs' job templates).
enum SetAdmissionRules {
    /// `value` when it is an object, otherwise an empty object.
    static func object(_ value: JSONValue?) -> JSONValue {
        if let value, value.objectValue != nil { return value }
        return .object([:])
    }

    /// Applies the pod spec defaults to `spec.template.spec`.
    static func defaultTemplate(_ spec: inout JSONValue) {
        guard var template = spec[path: "template", "spec"], template.objectValue != nil else { return }
        PodSpecDefaults.apply(&template)
        spec[path: "template", "spec"] = template
    }

    /// A required, non-empty metav1.LabelSelector that matches the template's labels, and a
    /// required template whose pod spec is valid with `restartPolicies`.
    static func selectorAndTemplate(_ spec: JSONValue, kind: String, path: String = "spec",
                                    restartPolicies: [String] = ["Always"]) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let selector = spec["selector"]
        if selector == nil || selector?.isNull == true {
            causes.append(.required("\(path).selector"))
        } else if let selector, !WorkloadAdmission.isValidSelector(selector) {
            causes.append(.invalid("\(path).selector", selector, "empty selector is invalid for \(kind)"))
        } else if let selector {
            let labels = (spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            if !WorkloadAdmission.selector(selector, matches: labels) {
                causes.append(.invalid("\(path).template.metadata.labels", .object(labels.mapValues(JSONValue.string)),
                                       "`selector` does not match template `labels`"))
            }
        }
        causes += template(spec, path: path, restartPolicies: restartPolicies)
        return causes
    }

    /// A required template with valid labels and a valid pod spec.
    static func template(_ spec: JSONValue, path: String, restartPolicies: [String]) -> [APIError.Cause] {
        guard spec["template"]?.objectValue != nil else { return [.required("\(path).template")] }
        var causes: [APIError.Cause] = []
        let labels = spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]
        for key in labels.keys.sorted() {
            let value = labels[key]?.stringValue ?? ""
            causes += NameValidation.labelValueProblems(value).map { .invalid("\(path).template.metadata.labels", .string(value), $0) }
        }
        causes += PodSpecDefaults.validate(spec[path: "template", "spec"], path: "\(path).template.spec", restartPolicies: restartPolicies)
        return causes
    }

    /// `must be greater than or equal to 0` for each present integer field of `spec`.
    static func nonNegative(_ spec: JSONValue, _ fields: [String], path: String = "spec") -> [APIError.Cause] {
        fields.compactMap { field in
            guard let value = spec[field], !value.isNull, (value.intValue ?? -1) < 0 else { return nil }
            return .invalid("\(path).\(field)", value, "must be greater than or equal to 0")
        }
    }

    /// An IntOrString that must be a non-negative integer or a percentage up to 100%.
    static func intOrPercent(_ value: JSONValue?, field: String) -> [APIError.Cause] {
        guard let value, !value.isNull else { return [] }
        if let number = value.intValue {
            return number < 0 ? [.invalid(field, value, "must be greater than or equal to 0")] : []
        }
        guard let text = value.stringValue, text.hasSuffix("%"), let percent = Int(text.dropLast()) else {
            return [.invalid(field, value, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
        }
        if percent < 0 { return [.invalid(field, value, "must be greater than or equal to 0")] }
        if percent > 100 { return [.invalid(field, value, "must not be greater than 100%")] }
        return []
    }

    /// Whether an IntOrString is 0 or "0%" (absent counts as zero).
    static func isZero(_ value: JSONValue?) -> Bool {
        guard let value, !value.isNull else { return true }
        return value.intValue == 0 || value.stringValue == "0%"
    }
}
