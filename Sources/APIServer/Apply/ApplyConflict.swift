import Kernel

/// The 409 an apply answers when it would change fields other managers own, worded as
/// Kubernetes words it.
enum ApplyConflict {
    /// One conflicting field and its owner.
    struct Conflict {
        /// The owning entry.
        var owner: ManagedFieldsEntry
        /// The field.
        var path: FieldPath
    }

    /// The Conflict `Status` error: `Apply failed with 1 conflict: conflict with "kubectl"
    /// using apps/v1: .spec.replicas`, one `FieldManagerConflict` cause per field.
    static func error(_ conflicts: [Conflict]) -> APIError {
        let sorted = conflicts.sorted { a, b in
            a.owner.manager != b.owner.manager ? a.owner.manager < b.owner.manager
                : FieldPathElement.display(a.path) < FieldPathElement.display(b.path)
        }
        let causes = sorted.map {
            APIError.Cause(type: "FieldManagerConflict", field: FieldPathElement.display($0.path), message: "conflict with \($0.owner.printed)")
        }
        let message: String
        if sorted.count == 1 {
            message = "Apply failed with 1 conflict: conflict with \(sorted[0].owner.printed): \(FieldPathElement.display(sorted[0].path))"
        } else {
            var lines: [String] = []
            var seen: [String] = []
            for conflict in sorted where !seen.contains(conflict.owner.printed) {
                seen.append(conflict.owner.printed)
                lines.append("conflicts with \(conflict.owner.printed):")
                for other in sorted where other.owner.printed == conflict.owner.printed {
                    lines.append("- \(FieldPathElement.display(other.path))")
                }
            }
            message = "Apply failed with \(sorted.count) conflicts: " + lines.joined(separator: "\n")
        }
        return APIError(code: 409, reason: "Conflict", message: message, causes: causes)
    }
}
