import Kernel

/// The options of a WATCH Kubernetes reads from the query: `resourceVersion`,
/// `resourceVersionMatch`, `sendInitialEvents` and `allowWatchBookmarks`.
struct WatchOptions: Sendable {
    /// The revision to start after; nil for unset or "0".
    var resourceVersion: Int64?
    /// `sendInitialEvents`: nil when absent.
    var sendInitialEvents: Bool?
    /// Whether the client accepts BOOKMARK events.
    var allowBookmarks: Bool

    /// Reads and checks the options; 422 Invalid (kind ListOptions) for combinations
    /// Kubernetes forbids, 400 for a malformed resourceVersion.
    init(_ query: QueryParameters) throws {
        let match = query["resourceVersionMatch"] ?? ""
        switch query["sendInitialEvents"] {
        case nil: sendInitialEvents = nil
        case "true"?, "1"?: sendInitialEvents = true
        case "false"?, "0"?: sendInitialEvents = false
        case let other?: throw APIError.badRequest("invalid value for sendInitialEvents: \"\(other)\": must be true or false")
        }
        allowBookmarks = query.flag("allowWatchBookmarks")
        var causes: [APIError.Cause] = []
        if sendInitialEvents != nil && match != "NotOlderThan" {
            causes.append(.forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"))
        }
        if !match.isEmpty {
            if sendInitialEvents == nil {
                causes.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"))
            }
            if match != "NotOlderThan" {
                causes.append(.notSupported("resourceVersionMatch", .string(match), ["NotOlderThan"]))
            }
            if !(query["continue"] ?? "").isEmpty {
                causes.append(.forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"))
            }
        }
        guard causes.isEmpty else { throw ListOptions.invalid(causes) }
        let revision = try ListOptions.parse(query["resourceVersion"] ?? "")
        resourceVersion = revision == 0 ? nil : revision
    }
}
