import Kernel

/// The list and get options Kubernetes reads from the query: `resourceVersion`,
/// `resourceVersionMatch`, `limit` and `continue`, checked as Kubernetes checks them.
struct ListOptions: Sendable {
    /// How the `resourceVersion` of a read is matched (Kubernetes' resourceVersionMatch).
    enum Match: Sendable, Equatable {
        /// Unset: the most recent state.
        case mostRecent
        /// "0" or NotOlderThan 0: any state; this server serves the current one.
        case any
        /// At least revision N (504 when N is in the future).
        case notOlderThan(Int64)
        /// Exactly revision N (410 when compacted, 504 when in the future).
        case exact(Int64)
    }

    /// Which revision to read.
    var match: Match = .mostRecent
    /// The page size; nil or 0 for everything.
    var limit: Int?
    /// The token of the page to continue from.
    var continueToken: ContinueToken?

    /// Reads the options of a LIST; 400 for malformed values, 422 Invalid (kind ListOptions)
    /// for combinations Kubernetes forbids.
    static func forList(_ query: QueryParameters) throws -> ListOptions {
        var options = ListOptions()
        let version = query["resourceVersion"] ?? ""
        let matchText = query["resourceVersionMatch"] ?? ""
        let continueText = query["continue"] ?? ""
        var causes: [APIError.Cause] = []
        if !matchText.isEmpty {
            if version.isEmpty {
                causes.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"))
            }
            if !continueText.isEmpty {
                causes.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"))
            }
            if matchText != "Exact" && matchText != "NotOlderThan" {
                causes.append(.notSupported("resourceVersionMatch", .string(matchText), ["Exact", "NotOlderThan", ""]))
            }
            if matchText == "Exact" && version == "0" {
                causes.append(.forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""))
            }
        }
        if query["sendInitialEvents"] != nil {
            causes.append(.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"))
        }
        guard causes.isEmpty else { throw invalid(causes) }

        if let limit = try query.integer("limit"), limit > 0 { options.limit = Int(clamping: limit) }
        if !continueText.isEmpty {
            if !version.isEmpty && version != "0" {
                throw APIError.badRequest("specifying resource version is not allowed when using continue")
            }
            options.continueToken = try ContinueToken(decoding: continueText)
            return options
        }
        let revision = try parse(version)
        switch (matchText, revision) {
        case (_, nil): options.match = .mostRecent
        case ("Exact", let revision?): options.match = .exact(revision)
        case (_, 0?): options.match = .any
        case ("NotOlderThan", let revision?): options.match = .notOlderThan(revision)
        case (_, let revision?):
            // Legacy semantics: a paged list at a resourceVersion reads exactly it.
            options.match = options.limit != nil ? .exact(revision) : .notOlderThan(revision)
        }
        return options
    }

    /// Reads the `resourceVersion` of a GET: unset is most recent, "0" any, N not older than N.
    static func forGet(_ query: QueryParameters) throws -> ListOptions {
        var options = ListOptions()
        switch try parse(query["resourceVersion"] ?? "") {
        case nil: options.match = .mostRecent
        case 0?: options.match = .any
        case let revision?: options.match = .notOlderThan(revision)
        }
        return options
    }

    /// A resourceVersion: nil when unset; 400 when not a revision this server issues.
    static func parse(_ text: String) throws -> Int64? {
        guard !text.isEmpty else { return nil }
        guard let value = Int64(text), value >= 0 else {
            throw APIError.badRequest("invalid resource version \"\(text)\"")
        }
        return value
    }

    /// 422 Invalid about ListOptions, worded as Kubernetes words it.
    static func invalid(_ causes: [APIError.Cause]) -> APIError {
        let summary = causes.count == 1
            ? "\(causes[0].field): \(causes[0].message)"
            : "[" + causes.map { "\($0.field): \($0.message)" }.joined(separator: ", ") + "]"
        return APIError(code: 422, reason: "Invalid", message: "ListOptions.meta.k8s.io \"\" is invalid: \(summary)", causes: causes)
    }
}
