import Hummingbird
import Kernel

/// Server-side dry run (`?dryRun=All`): a write runs full admission and validation, but
/// nothing is stored; the response is the object as it would have been written.
enum DryRun {
    /// Whether writes in the current task are dry runs. ClusterAPI checks it right before it
    /// would touch the store.
    @TaskLocal static var active = false

    /// The values of the `dryRun` option Kubernetes accepts.
    static let supported = ["All"]

    /// Whether a request asks for a dry run: `dryRun=All` on POST, PUT, PATCH and DELETE.
    /// An unknown value is 422 Invalid about the verb's options (CreateOptions, ...), as
    /// Kubernetes answers it.
    static func requested(_ method: HTTPRequest.Method, _ query: QueryParameters) throws -> Bool {
        guard let value = query["dryRun"] else { return false }
        let kind: String
        switch method {
        case .post: kind = "CreateOptions"
        case .put: kind = "UpdateOptions"
        case .patch: kind = "PatchOptions"
        case .delete: kind = "DeleteOptions"
        default: return false
        }
        return try check([value], kind: kind)
    }

    /// Whether a DeleteOptions body asks for a dry run (`"dryRun": ["All"]`).
    static func requested(inDeleteOptions options: JSONValue?) throws -> Bool {
        guard let values = options?["dryRun"]?.arrayValue else { return false }
        return try check(values.compactMap(\.stringValue), kind: "DeleteOptions")
    }

    private static func check(_ values: [String], kind: String) throws -> Bool {
        let given = values.filter { !$0.isEmpty }
        guard !given.isEmpty else { return false }
        if !given.allSatisfy(supported.contains) {
            let rendered = "[]string{" + given.map { "\"\($0)\"" }.joined(separator: ", ") + "}"
            let cause = APIError.Cause(type: "FieldValueNotSupported", field: "dryRun",
                                       message: "Unsupported value: \(rendered): supported values: \"All\"")
            throw APIError(code: 422, reason: "Invalid", message: "\(kind).meta.k8s.io \"\" is invalid: dryRun: \(cause.message)", causes: [cause])
        }
        return true
    }
}
