import Kernel

/// One page of a LIST: the items, the snapshot revision they were read at, and where to
/// continue from.
struct ListPage: Sendable {
    /// The objects on this page, ordered by namespace and name.
    var items: [JSONValue]
    /// The revision the page reflects (every page of one list shares it).
    var revision: Int64
    /// The encoded token for the next page; nil on the last page.
    var continueToken: String?
    /// How many matching objects follow this page, when known.
    var remainingItemCount: Int64?
}

extension ClusterAPI {
    /// Kubernetes' message for a continue token whose snapshot was compacted away.
    static let continueTooOld = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list."

    /// Kubernetes' message for an exact list at a compacted revision.
    static let listTooOld = "The resourceVersion for the provided list is too old."

    /// Lists one page of objects matching `selector` at the revision `options` asks for:
    /// pages of one list are all read at the first page's revision, in namespace/name order.
    /// 410 Expired when that revision was compacted, 504 when it is in the future.
    func listPage(_ type: ResourceType, namespace: String?, selector: ObjectSelector, options: ListOptions) throws -> ListPage {
        let scope = type.namespaced ? namespace.flatMap { $0.isEmpty ? nil : $0 } : nil
        let resource = type.storageName
        let token = options.continueToken
        let tooOld = token == nil ? Self.listTooOld : Self.continueTooOld
        var revision = try token.map { $0.revision } ?? revisionToRead(type, options.match)
        guard let limit = options.limit, limit > 0 else {
            var listed = try read(type, tooOld: tooOld) { try store.list(resource: resource, namespace: scope, atRevision: revision) }
            if let token { listed.items.removeAll { ($0.key.namespace, $0.key.name) <= (token.namespace, token.name) } }
            let items = selector.isEmpty ? listed.items : listed.items.filter { selector.matches($0.object) }
            return ListPage(items: items.map(\.object), revision: listed.revision)
        }
        // Read windows after the position until one object beyond the page matched (so a
        // continue token is only handed out when more follow) or the list ends. Every window
        // is read at the first one's revision.
        let chunk = selector.isEmpty ? limit + 1 : max(limit + 1, 500)
        var after = token.map { (namespace: $0.namespace, name: $0.name) }
        var matching: [StoredObject] = []
        var remaining: Int64?
        var listedRevision: Int64 = 0
        var first = true
        while true {
            let window = ListWindow(after: after, limit: chunk, countRemaining: first && selector.isEmpty)
            let listed = try read(type, tooOld: tooOld) { try store.list(resource: resource, namespace: scope, atRevision: revision, window: window) }
            listedRevision = listed.revision
            revision = listed.revision
            if first, let counted = listed.remaining { remaining = counted + Int64(max(0, listed.items.count - limit)) }
            first = false
            matching += selector.isEmpty ? listed.items : listed.items.filter { selector.matches($0.object) }
            guard matching.count <= limit, listed.more, let cursor = listed.cursor else { break }
            after = (cursor.namespace, cursor.name)
            remaining = nil
        }
        var page = ListPage(items: [], revision: listedRevision)
        if matching.count > limit {
            matching.removeLast(matching.count - limit)
            if let last = matching.last {
                page.continueToken = ContinueToken(revision: listedRevision, namespace: last.key.namespace, name: last.key.name).encoded
            }
            page.remainingItemCount = remaining
        }
        page.items = matching.map(\.object)
        return page
    }

    /// Reads one object at the revision a GET asks for: 404 when absent, 504 for a future
    /// revision.
    func getObject(_ type: ResourceType, namespace: String, name: String, options: ListOptions) throws -> JSONValue {
        _ = try revisionToRead(type, options.match)
        return try getObject(type, namespace: namespace, name: name)
    }

    /// The revision to read for `match`: nil for the current state; throws 504 when a
    /// requested minimum revision is in the future.
    private func revisionToRead(_ type: ResourceType, _ match: ListOptions.Match) throws -> Int64? {
        switch match {
        case .mostRecent, .any:
            return nil
        case .notOlderThan(let revision):
            let current = store.currentRevision
            if revision > current {
                throw Self.apiError(for: .futureRevision(requested: revision, current: current), type, "")
            }
            return nil
        case .exact(let revision):
            return revision
        }
    }

    /// Runs a store read, answering a compacted revision with 410 Expired and `tooOld`.
    private func read<T>(_ type: ResourceType, tooOld: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch StoreError.compacted {
            throw APIError.gone(tooOld)
        } catch let error as StoreError {
            throw Self.apiError(for: error, type, "")
        }
    }
}
