import Hummingbird
import Kernel

/// `DELETE` on a collection (`/api/v1/namespaces/ns/pods?labelSelector=app=web`): every object
/// the label and field selectors match is deleted under the request's `DeleteOptions`, with the
/// same per-object rules as a single delete (graceful pods, finalizers, propagation). The answer
/// is a `*List` of the objects as the deletes left them, as Kubernetes answers it.
enum DeleteCollection {
    /// Whether `type` serves `deletecollection` (every kind except Namespaces, as in Kubernetes).
    static func serves(_ type: ResourceType) -> Bool { type != .namespaces }

    /// Answers the request.
    static func respond(_ api: ClusterAPI, _ request: Request, type: ResourceType, namespace: String?) async throws -> Response {
        guard serves(type) else { throw StatusObject.methodNotAllowed("DELETE") }
        let query = QueryParameters(request.uri.query)
        let selector = try query.selector(for: type)
        let options = try await DeleteOptionsRequest.read(request, query)
        let (items, revision) = try await api.durably {
            try api.deleteCollection(type, namespace: type.namespaced ? namespace : nil, selector: selector, options: options)
        }
        return JSONResponse.make(200, ListObject.make(type, items: items, revision: revision))
    }
}

extension ClusterAPI {
    /// Deletes every object of `type` (in `namespace`, or everywhere when nil) that `selector`
    /// matches; objects that vanish meanwhile are skipped. Returns each object's state after its
    /// delete and the store revision afterwards.
    func deleteCollection(_ type: ResourceType, namespace: String?, selector: ObjectSelector, options: DeleteOptions) throws -> (items: [JSONValue], revision: Int64) {
        let listed = try Self.mapStoreErrors(type, "") { try store.list(resource: type.storageName, namespace: namespace) }
        var results: [JSONValue] = []
        for item in listed.items where selector.matches(item.object) {
            do {
                results.append(try deleteObject(type, namespace: item.key.namespace, name: item.key.name, options: options))
            } catch let error as APIError where error.code == 404 {
                continue
            }
        }
        return (results, store.currentRevision)
    }
}
