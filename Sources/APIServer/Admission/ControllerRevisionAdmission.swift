import Kernel

/// ControllerRevisions (apps/v1), as Kubernetes validates them: no status subresource, a
/// non-negative `revision`, and `data` fixed once created (a revision is a snapshot; only its
/// number and metadata may change).
struct ControllerRevisionAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        guard let revision = object["revision"]?.intValue else {
            return [.required("revision", "a revision number is required")]
        }
        return revision < 0 ? [.invalid("revision", .int(revision), "must be greater than or equal to 0")] : []
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        old["data"] == new["data"] ? [] : [.invalid("data", new["data"] ?? .null, "field is immutable")]
    }
}
