import Hummingbird
import Kernel

/// Reads a request's `DeleteOptions` from its query (`?gracePeriodSeconds=0&propagationPolicy=
/// Foreground`) and its JSON body (which wins, as in Kubernetes), and validates them: 400 for
/// what cannot be decoded, 422 Invalid (kind `DeleteOptions.meta.k8s.io`) for what Kubernetes'
/// `ValidateDeleteOptions` rejects.
enum DeleteOptionsRequest {
    /// The options of a DELETE request on an object or a collection.
    static func read(_ request: Request, _ query: QueryParameters) async throws -> DeleteOptions {
        let body = try await RequestBodyReader.readOptionalJSON(request)
        return try parse(query: query, body: body, dryRunActive: DryRun.active)
    }

    /// Combines query and body; `dryRunActive` is the query's dry-run decision.
    static func parse(query: QueryParameters, body: JSONValue?, dryRunActive: Bool) throws -> DeleteOptions {
        var options = DeleteOptions()
        var policyText: String?
        if let text = query["gracePeriodSeconds"], !text.isEmpty {
            guard let value = Int64(text) else { throw badValue("gracePeriodSeconds", text) }
            options.gracePeriodSeconds = value
        }
        if let text = query["orphanDependents"], !text.isEmpty {
            guard let value = Bool(text) else { throw badValue("orphanDependents", text) }
            options.orphanDependents = value
        }
        if let text = query["propagationPolicy"], !text.isEmpty { policyText = text }
        if let body {
            guard case .object(let fields) = body else {
                throw APIError.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: the body must be a JSON object")
            }
            if let kind = fields["kind"]?.stringValue, !kind.isEmpty, kind != "DeleteOptions" {
                throw APIError.badRequest("the object provided is unrecognized (must be of type DeleteOptions): kind \"\(kind)\"")
            }
            if let value = fields["gracePeriodSeconds"], !value.isNull {
                guard let seconds = value.intValue else { throw decodeFailure("gracePeriodSeconds must be an integer") }
                options.gracePeriodSeconds = seconds
            }
            if let value = fields["orphanDependents"], !value.isNull {
                guard let flag = value.boolValue else { throw decodeFailure("orphanDependents must be a boolean") }
                options.orphanDependents = flag
            }
            if let value = fields["propagationPolicy"], !value.isNull {
                guard let text = value.stringValue else { throw decodeFailure("propagationPolicy must be a string") }
                policyText = text
            }
            options.preconditions.uid = body[path: "preconditions", "uid"]?.stringValue
            if let raw = body[path: "preconditions", "resourceVersion"]?.stringValue, !raw.isEmpty {
                guard let revision = Int64(raw) else { throw APIError.badRequest("invalid resourceVersion precondition \"\(raw)\"") }
                options.preconditions.resourceVersion = revision
            }
        }
        if let policyText {
            guard let policy = PropagationPolicy(rawValue: policyText) else {
                let supported = PropagationPolicy.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw invalid(.init(type: "FieldValueNotSupported", field: "propagationPolicy",
                                    message: "Unsupported value: \"\(policyText)\": supported values: \(supported)"))
            }
            options.propagationPolicy = policy
        }
        options.dryRun = try DryRun.requested(inDeleteOptions: body) || dryRunActive
        try validate(options)
        return options
    }

    /// 422 for combinations Kubernetes refuses (orphanDependents together with propagationPolicy).
    static func validate(_ options: DeleteOptions) throws {
        if options.orphanDependents != nil, let policy = options.propagationPolicy {
            throw invalid(.init(type: "FieldValueInvalid", field: "propagationPolicy",
                                message: "Invalid value: \"\(policy.rawValue)\": orphanDependents and deletionPropagation cannot be both set"))
        }
    }

    private static func invalid(_ cause: APIError.Cause) -> APIError {
        APIError(code: 422, reason: "Invalid", message: "DeleteOptions.meta.k8s.io \"\" is invalid: \(cause.field): \(cause.message)", causes: [cause])
    }

    private static func badValue(_ key: String, _ text: String) -> APIError {
        APIError.badRequest("invalid value for \(key): \"\(text)\"")
    }

    private static func decodeFailure(_ why: String) -> APIError {
        APIError.badRequest("DeleteOptions in version \"v1\" cannot be handled as a DeleteOptions: \(why)")
    }
}
