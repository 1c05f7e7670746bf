import Hummingbird
import Kernel

/// LIST with `limit`/`continue` and the resourceVersion rules, and WATCH with bookmarks,
/// `sendInitialEvents` and resourceVersion handling, as Kubernetes defines them.
extension ResourceHandler {
    /// The list document for one page of a LIST (`metadata.continue` and
    /// `metadata.remainingItemCount` when more follow).
    func pagedList(_ query: QueryParameters) throws -> JSONValue {
        let options = try ListOptions.forList(query)
        let page = try api.listPage(target.type, namespace: target.namespace, selector: try query.selector(for: target.type), options: options)
        var list = ListObject.make(target.type, items: page.items, revision: page.revision)
        if let token = page.continueToken { list[path: "metadata", "continue"] = .string(token) }
        if let remaining = page.remainingItemCount { list[path: "metadata", "remainingItemCount"] = .int(remaining) }
        return list
    }

    /// One object at the revision the GET's `resourceVersion` asks for.
    func getAtRevision(_ query: QueryParameters, name: String) throws -> JSONValue {
        try api.getObject(target.type, namespace: target.namespace ?? "", name: name, options: try ListOptions.forGet(query))
    }

    /// The events of a WATCH: initial events per `sendInitialEvents` (ending with a bookmark
    /// annotated `k8s.io/initial-events-end`), periodic bookmarks when allowed, and for a
    /// compacted or future resourceVersion one ERROR event carrying the Status.
    func watchEvents(_ query: QueryParameters, selector: ObjectSelector) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        let type = target.type
        let options = try WatchOptions(query)
        var start = api.store.currentRevision
        var initialCount: Int?
        let events: AsyncThrowingStream<WatchEvent, any Error>
        do {
            switch options.sendInitialEvents {
            case true?:
                if let wanted = options.resourceVersion, wanted > start {
                    throw ClusterAPI.apiError(for: .futureRevision(requested: wanted, current: start), type, "")
                }
                let page = try api.listPage(type, namespace: target.namespace, selector: selector, options: ListOptions())
                let live = try await api.watch(type, namespace: target.namespace, fromRevision: max(page.revision, 1), selector: selector)
                let initial = page.items.map { WatchEvent(type: "ADDED", object: $0, revision: $0.resourceVersion ?? 0) }
                events = WatchBookmarks.prepend(initial, to: live)
                start = page.revision
                initialCount = initial.count
            case false?:
                let from = options.resourceVersion ?? start
                events = try await api.watch(type, namespace: target.namespace, fromRevision: max(from, 1), selector: selector)
                start = from
            case nil:
                events = try await api.watch(type, namespace: target.namespace, fromRevision: options.resourceVersion ?? 0, selector: selector)
                start = options.resourceVersion ?? start
            }
        } catch let error as APIError where error.code == 410 || error.code == 504 {
            return WatchBookmarks.failed(error)
        }
        let shown = try tableEvents(query, events)
        guard options.allowBookmarks || initialCount != nil else { return shown }
        return WatchBookmarks.wrap(shown, type: type, startRevision: start, initialCount: initialCount,
                                   interval: options.allowBookmarks ? api.watchBookmarks.interval : nil)
    }
}
