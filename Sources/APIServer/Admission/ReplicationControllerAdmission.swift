import Kernel

/// ReplicationControllers (core/v1): the API serves and stores the objects with Kubernetes'
/// defaults (1 replica; the selector and the object's labels taken from the template's labels
/// when empty; pod-template defaults) and validation (a non-empty selector map that matches
/// the template's labels, restartPolicy Always, non-negative counts). No controller acts on
/// them yet: no pods are created and the status stays as created.
struct ReplicationControllerAdmission: KindAdmission {
    var tracksGeneration: Bool { true }

    func applyDefaults(_ object: inout JSONValue) {
        guard var spec = object["spec"], spec.objectValue != nil else { return }
        let templateLabels = spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]
        if !templateLabels.isEmpty {
            if (spec["selector"]?.objectValue ?? [:]).isEmpty { spec["selector"] = .object(templateLabels) }
            if (object[path: "metadata", "labels"]?.objectValue ?? [:]).isEmpty {
                object[path: "metadata", "labels"] = .object(templateLabels)
            }
        }
        PodSpecDefaults.setIfAbsent(&spec, "replicas", .int(1))
        SetAdmissionRules.defaultTemplate(&spec)
        object["spec"] = spec
    }

    /// A new controller's status: no replicas yet.
    func prepareForCreate(_ object: inout JSONValue) {
        object["status"] = ["replicas": 0]
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let spec = object["spec"], spec.objectValue != nil else { return [.required("spec")] }
        var causes = SetAdmissionRules.nonNegative(spec, ["replicas", "minReadySeconds"])
        let selector = (spec["selector"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if selector.isEmpty {
            causes.append(.required("spec.selector"))
        }
        for key in selector.keys.sorted() {
            causes += NameValidation.qualifiedNameProblems(key).map { .invalid("spec.selector", .string(key), $0) }
        }
        guard spec["template"]?.objectValue != nil else { return causes + [.required("spec.template")] }
        let labels = (spec[path: "template", "metadata", "labels"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
        if !selector.isEmpty && !selector.allSatisfy({ labels[$0.key] == $0.value }) {
            causes.append(.invalid("spec.template.metadata.labels", .object(labels.mapValues(JSONValue.string)),
                                   "`selector` does not match template `labels`"))
        }
        causes += SetAdmissionRules.template(spec, path: "spec", restartPolicies: ["Always"])
        return causes
    }
}
