import Kernel

/// Jobs (batch/v1): Kubernetes' defaults (completions and parallelism 1, backoffLimit 6,
/// NonIndexed, not suspended), a selector generated from the controller-uid label unless
/// `manualSelector` is set, a template whose restartPolicy is Never or OnFailure, and an
/// immutable template, selector and completion mode.
struct JobAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    /// The label carrying the Job's uid on its pods, which the generated selector selects.
    static let controllerUIDLabel = "batch.kubernetes.io/controller-uid"
    /// The label carrying the Job's name on its pods.
    static let jobNameLabel = "batch.kubernetes.io/job-name"
    /// The pre-1.27 spellings of both labels, which Kubernetes still sets.
    static let legacyLabels = (controllerUID: "controller-uid", jobName: "job-name")

    static let completionModes = ["NonIndexed", "Indexed"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        let hasCompletions = spec["completions"].map { !$0.isNull } ?? false
        let hasParallelism = spec["parallelism"].map { !$0.isNull } ?? false
        if !hasCompletions && !hasParallelism { spec["completions"] = .int(1) }
        if !hasParallelism { spec["parallelism"] = .int(1) }
        let perIndex = spec["backoffLimitPerIndex"].map { !$0.isNull } ?? false
        PodSpecDefaults.setIfAbsent(&spec, "backoffLimit", .int(perIndex ? 2_147_483_647 : 6))
        PodSpecDefaults.setIfAbsent(&spec, "completionMode", "NonIndexed")
        PodSpecDefaults.setIfAbsent(&spec, "suspend", .bool(false))
        let hasFailurePolicy = spec["podFailurePolicy"].map { !$0.isNull } ?? false
        PodSpecDefaults.setIfAbsent(&spec, "podReplacementPolicy", hasFailurePolicy ? "Failed" : "TerminatingOrFailed")
        PodSpecDefaults.setIfAbsent(&spec, "manualSelector", .bool(false))
        if var template = spec[path: "template", "spec"], template.objectValue != nil {
            PodSpecDefaults.apply(&template)
            spec[path: "template", "spec"] = template
        }
        object["spec"] = spec
        let templateLabels = spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]
        if !templateLabels.isEmpty && (object[path: "metadata", "labels"]?.objectValue ?? [:]).isEmpty {
            object[path: "metadata", "labels"] = .object(templateLabels)
        }
    }

    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = .object([:])
        guard object["spec"]?.objectValue != nil, object[path: "spec", "manualSelector"]?.boolValue != true else { return }
        let uid = object.uid ?? ""
        let name = object.name ?? ""
        var labels = object[path: "spec", "template", "metadata", "labels"]?.objectValue ?? [:]
        if !name.isEmpty {
            for key in [Self.legacyLabels.jobName, Self.jobNameLabel] where labels[key] == nil { labels[key] = .string(name) }
        }
        for key in [Self.legacyLabels.controllerUID, Self.controllerUIDLabel] where labels[key] == nil { labels[key] = .string(uid) }
        object[path: "spec", "template", "metadata", "labels"] = .object(labels)
        var matchLabels = object[path: "spec", "selector", "matchLabels"]?.objectValue ?? [:]
        if matchLabels[Self.controllerUIDLabel] == nil { matchLabels[Self.controllerUIDLabel] = .string(uid) }
        object[path: "spec", "selector", "matchLabels"] = .object(matchLabels)
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes: [APIError.Cause] = []
        for field in ["parallelism", "completions", "backoffLimit", "ttlSecondsAfterFinished"] {
            if let value = spec[field], !value.isNull, (value.intValue ?? -1) < 0 {
                causes.append(.invalid("spec.\(field)", value, "must be greater than or equal to 0"))
            }
        }
        if let deadline = spec["activeDeadlineSeconds"], !deadline.isNull, (deadline.intValue ?? 0) <= 0 {
            causes.append(.invalid("spec.activeDeadlineSeconds", deadline, "must be greater than 0"))
        }
        let mode = spec["completionMode"]?.stringValue ?? "NonIndexed"
        if !Self.completionModes.contains(mode) {
            causes.append(.notSupported("spec.completionMode", spec["completionMode"] ?? .null, Self.completionModes))
        } else if mode == "Indexed" && (spec["completions"] == nil || spec["completions"]?.isNull == true) {
            causes.append(.required("spec.completions", "when completion mode is Indexed"))
        }
        if let suspend = spec["suspend"], !suspend.isNull, suspend.boolValue == nil {
            causes.append(.invalid("spec.suspend", suspend, "must be a boolean"))
        }
        let templateLabels = spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]
        for key in templateLabels.keys.sorted() {
            let value = templateLabels[key]?.stringValue ?? ""
            causes += NameValidation.labelValueProblems(value).map { .invalid("spec.template.metadata.labels", .string(value), $0) }
        }
        causes += selectorCauses(object, spec: spec)
        if spec["template"]?.objectValue == nil {
            causes.append(.required("spec.template"))
        } else {
            causes += PodSpecDefaults.validate(spec[path: "template", "spec"], path: "spec.template.spec", restartPolicies: ["OnFailure", "Never"])
        }
        return causes
    }

    /// The selector: present, non-empty and matching the template; when generated, pinned to
    /// the Job's own uid.
    private func selectorCauses(_ object: JSONValue, spec: JSONValue) -> [APIError.Cause] {
        guard let selector = spec["selector"], !selector.isNull else { return [.required("spec.selector")] }
        guard WorkloadAdmission.isValidSelector(selector) else {
            return [.invalid("spec.selector", selector, "empty selector is invalid for job")]
        }
        var causes: [APIError.Cause] = []
        let labels = (spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if spec["manualSelector"]?.boolValue != true {
            let uid = object.uid ?? ""
            if labels[Self.controllerUIDLabel] != uid {
                causes.append(.invalid("spec.template.metadata.labels[\(Self.controllerUIDLabel)]",
                                       labels[Self.controllerUIDLabel].map(JSONValue.string) ?? .null, "must be '\(uid)'"))
            }
            if let name = object.name, !name.isEmpty, let jobName = labels[Self.jobNameLabel], jobName != name {
                causes.append(.invalid("spec.template.metadata.labels[\(Self.jobNameLabel)]", .string(jobName), "must be '\(name)'"))
            }
            if selector[path: "matchLabels", Self.controllerUIDLabel]?.stringValue != uid {
                causes.append(.invalid("spec.selector", selector, "`selector` not auto-generated"))
            }
        }
        if causes.isEmpty && !WorkloadAdmission.selector(selector, matches: labels) {
            causes.append(.invalid("spec.template.metadata.labels", .object(labels.mapValues(JSONValue.string)), "`selector` does not match template `labels`"))
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        for field in ["selector", "template", "completionMode"] where old[path: "spec", field] != new[path: "spec", field] {
            causes.append(.immutable("spec.\(field)", new[path: "spec", field] ?? .null))
        }
        let oldCompletions = old[path: "spec", "completions"]
        let newCompletions = new[path: "spec", "completions"]
        let indexed = new[path: "spec", "completionMode"]?.stringValue == "Indexed"
        let elastic = indexed && newCompletions == new[path: "spec", "parallelism"] && oldCompletions == old[path: "spec", "parallelism"]
        if oldCompletions != newCompletions && !elastic {
            causes.append(.immutable("spec.completions", newCompletions ?? .null))
        }
        return causes
    }
}
