import Kernel

/// The PATCH options that concern apply: `fieldManager` (required for apply) and `force`
/// (apply only), checked as Kubernetes validates PatchOptions (422 Invalid).
struct ApplyOptions {
    /// The applying manager.
    var fieldManager: String
    /// Whether conflicting fields are taken over instead of failing.
    var force: Bool

    /// The longest field manager name Kubernetes accepts.
    static let maxManagerLength = 128

    /// Checks the options of a PATCH of `patchType`; the apply options for an apply patch,
    /// nil for other patches.
    static func check(_ patchType: PatchType, _ query: QueryParameters) throws -> ApplyOptions? {
        let manager = query["fieldManager"] ?? ""
        guard patchType == .apply else {
            if query["force"] != nil {
                throw invalid(.init(type: "FieldValueForbidden", field: "force", message: "Forbidden: may not be specified for non-apply patch"))
            }
            return nil
        }
        if manager.isEmpty {
            throw invalid(.init(type: "FieldValueRequired", field: "fieldManager", message: "Required value: is required for apply patch"))
        }
        if manager.utf8.count > maxManagerLength {
            throw invalid(.init(type: "FieldValueTooLong", field: "fieldManager",
                                message: "Too long: may not be more than \(maxManagerLength) bytes"))
        }
        let force = query["force"] ?? ""
        guard force.isEmpty || force == "true" || force == "false" || force == "1" || force == "0" else {
            throw APIError.badRequest("invalid value for force: \"\(force)\": must be true or false")
        }
        return ApplyOptions(fieldManager: manager, force: force == "true" || force == "1")
    }

    /// 422 about PatchOptions, as Kubernetes answers invalid options.
    private static func invalid(_ cause: APIError.Cause) -> APIError {
        APIError(code: 422, reason: "Invalid",
                 message: "PatchOptions.meta.k8s.io \"\" is invalid: \(cause.field): \(cause.message)", causes: [cause])
    }
}
