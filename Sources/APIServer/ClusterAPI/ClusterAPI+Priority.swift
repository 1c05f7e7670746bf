import Kernel

extension ClusterAPI {
    /// Creates the built-in `system-node-critical` and `system-cluster-critical` classes that do
    /// not exist yet, as Kubernetes' API server does at startup. Idempotent.
    func ensureSystemPriorityClasses() throws {
        for priorityClass in SystemPriorityClasses.all {
            let name = priorityClass.name ?? ""
            if try Self.mapStoreErrors(.priorityClasses, name, { try store.get(key(.priorityClasses, "", name)) }) != nil { continue }
            do {
                _ = try Self.mapStoreErrors(.priorityClasses, name) {
                    var object = priorityClass
                    ObjectMetaAdmission.prepareForCreate(&object, .priorityClasses, namespace: "", tracksGeneration: false)
                    return try store.create(key(.priorityClasses, "", name), object: object).object
                }
            } catch let error as APIError where error.reason == "AlreadyExists" {
                continue
            }
        }
    }

    /// Kubernetes' Priority admission for a new pod: `spec.priorityClassName` (or the global
    /// default class, else priority 0) decides `spec.priority` and `spec.preemptionPolicy`. A
    /// missing class or a priority or policy in the spec that differs from the class's is
    /// refused with 403 Forbidden.
    func admitPodPriority(_ pod: inout JSONValue, name: String) throws {
        var priority: Int64 = 0
        var policy = "PreemptLowerPriority"
        if let className = pod[path: "spec", "priorityClassName"]?.stringValue, !className.isEmpty {
            guard let found = try priorityClass(named: className) else {
                throw podForbidden(name, "no PriorityClass with name \(className) was found")
            }
            priority = found["value"]?.intValue ?? 0
            policy = found["preemptionPolicy"]?.stringValue ?? policy
        } else if let fallback = try globalDefaultPriorityClass() {
            priority = fallback["value"]?.intValue ?? 0
            policy = fallback["preemptionPolicy"]?.stringValue ?? policy
            pod[path: "spec", "priorityClassName"] = .string(fallback.name ?? "")
        }
        if let given = pod[path: "spec", "priority"], !given.isNull, given.intValue != priority {
            throw podForbidden(name, "the integer value of priority (\(given.text)) must not be provided in pod spec; "
                + "priority admission controller computed \(priority) from the given PriorityClass name")
        }
        if let given = pod[path: "spec", "preemptionPolicy"]?.stringValue, given != policy {
            throw podForbidden(name, "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; "
                + "priority admission controller computed \(policy) from the given PriorityClass name")
        }
        pod[path: "spec", "priority"] = .int(priority)
        pod[path: "spec", "preemptionPolicy"] = .string(policy)
    }

    /// Kubernetes' Priority admission for a PriorityClass: only the built-in classes may use the
    /// `system-` prefix, and at most one class is the global default.
    func admitPriorityClass(_ priorityClass: JSONValue) throws {
        let name = priorityClass.name ?? ""
        if name.hasPrefix(SystemPriorityClasses.prefix) && !SystemPriorityClasses.isKnown(priorityClass) {
            throw APIError(code: 403, reason: "Forbidden",
                           message: "priorityclasses.scheduling.k8s.io \"\(name)\" is forbidden: priority class names with '\(SystemPriorityClasses.prefix)' prefix are reserved for system use only")
        }
        guard priorityClass["globalDefault"]?.boolValue == true, let existing = try globalDefaultPriorityClass(),
            existing.name != name
        else { return }
        throw APIError(code: 403, reason: "Forbidden",
                       message: "priorityclasses.scheduling.k8s.io \"\(name)\" is forbidden: PriorityClass \(existing.name ?? "") is already marked as default. Only one default can exist")
    }

    /// Refuses deleting a built-in class.
    func admitPriorityClassDeletion(_ name: String) throws {
        guard SystemPriorityClasses.all.contains(where: { $0.name == name }) else { return }
        throw APIError(code: 403, reason: "Forbidden",
                       message: "priorityclasses.scheduling.k8s.io \"\(name)\" is forbidden: the \(name) priority class is reserved for system use and may not be deleted")
    }

    private func priorityClass(named name: String) throws -> JSONValue? {
        try Self.mapStoreErrors(.priorityClasses, name) { try store.get(key(.priorityClasses, "", name)) }?.object
    }

    /// The global default class; with several (a race), the one with the smallest value.
    private func globalDefaultPriorityClass() throws -> JSONValue? {
        let classes = try Self.mapStoreErrors(.priorityClasses, "") {
            try store.list(resource: ResourceType.priorityClasses.storageName, namespace: nil).items
        }
        return classes.map(\.object).filter { $0["globalDefault"]?.boolValue == true }
            .min { ($0["value"]?.intValue ?? 0) < ($1["value"]?.intValue ?? 0) }
    }

    private func podForbidden(_ name: String, _ reason: String) -> APIError {
        APIError(code: 403, reason: "Forbidden", message: "pods \"\(name)\" is forbidden: \(reason)", objectName: name)
    }
}
