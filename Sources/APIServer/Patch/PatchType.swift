import Kernel

/// The patch formats, named by the request's Content-Type.
enum PatchType: String, CaseIterable {
    /// RFC 6902 JSON Patch.
    case json = "application/json-patch+json"
    /// RFC 7386 JSON Merge Patch.
    case merge = "application/merge-patch+json"
    /// Kubernetes strategic merge patch.
    case strategic = "application/strategic-merge-patch+json"
    /// Server-side apply (see `ApplyRequest`).
    case apply = "application/apply-patch+yaml"

    /// The patch type of a Content-Type header; 415 for anything else.
    static func of(contentType header: String) throws -> PatchType {
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingSpaces.lowercased() } ?? ""
        guard let type = PatchType(rawValue: mediaType) else {
            throw APIError(code: 415, reason: "UnsupportedMediaType",
                           message: "the body of the request was in an unknown format - accepted media types include: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }

    /// Applies a decoded patch document of this type to `object`.
    func apply(_ patch: JSONValue, to object: JSONValue) throws(PatchFailure) -> JSONValue {
        switch self {
        case .json: return try JSONPatch.apply(patch, to: object)
        case .merge: return MergePatch.apply(patch, to: object)
        case .strategic: return try StrategicMergePatch.apply(patch, to: object)
        case .apply: throw .malformed("server-side apply is not a patch of the stored object; see ApplyRequest")
        }
    }
}
