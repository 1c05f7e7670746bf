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
        var listed: (items: [StoredObject], revision: Int64)
        if let token = options.continueToken {
            listed = try read(type, tooOld: Self.continueTooOld) { try store.list(resource: resource, namespace: scope, atRevision: token.revision) }
            listed.items.removeAll { ($0.key.namespace, $0.key.name) <= (token.namespace, token.name) }
        } else {
            let revision = try revisionToRead(type, options.match)
            listed = try read(type, tooOld: Self.listTooOld) { try store.list(resource: resource, namespace: scope, atRevision: revision) }
        }
        var matching = selector.isEmpty ? listed.items : listed.items.filter { selector.matches($0.object) }
        var page = ListPage(items: [], revision: listed.revision)
        if let limit = options.limit, matching.count > limit {
            let remaining = matching.count - limit
            matching.removeLast(remaining)
            if let last = matching.last {
                page.continueToken = ContinueToken(revision: listed.revision, namespace: last.key.namespace, name: last.key.name).encoded
            }
            if selector.isEmpty { page.remainingItemCount = Int64(remaining) }
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
