import Kernel

/// Editing a `status.conditions` array the way Kubernetes' controllers do.
public enum StatusConditions {
    /// The condition of a type.
    public static func find(_ conditions: [JSONValue], type: String) -> JSONValue? {
        conditions.first { $0["type"]?.stringValue == type }
    }

    /// Sets a condition. When one of the type already has the same status and reason it is
    /// left untouched (unless `force`); otherwise it is replaced, keeping its
    /// `lastTransitionTime` when the status did not change. `withUpdateTime` also writes
    /// `lastUpdateTime` (Deployment conditions have it, ReplicaSet conditions do not).
    /// Returns whether anything changed.
    @discardableResult
    public static func set(
        _ conditions: inout [JSONValue], type: String, status: String, reason: String, message: String,
        now: String, withUpdateTime: Bool, force: Bool = false
    ) -> Bool {
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        let existing = index.map { conditions[$0] }
        if let existing, !force, existing["status"]?.stringValue == status, existing["reason"]?.stringValue == reason {
            return false
        }
        var condition: JSONValue = [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
        ]
        if withUpdateTime { condition["lastUpdateTime"] = .string(now) }
        if let existing, existing["status"]?.stringValue == status, let since = existing["lastTransitionTime"] {
            condition["lastTransitionTime"] = since
        } else {
            condition["lastTransitionTime"] = .string(now)
        }
        if let index {
            let changed = conditions[index] != condition
            conditions[index] = condition
            return changed
        }
        conditions.append(condition)
        return true
    }

    /// Removes the condition of a type; returns whether one was there.
    @discardableResult
    public static func remove(_ conditions: inout [JSONValue], type: String) -> Bool {
        let before = conditions.count
        conditions.removeAll { $0["type"]?.stringValue == type }
        return conditions.count != before
    }
}
