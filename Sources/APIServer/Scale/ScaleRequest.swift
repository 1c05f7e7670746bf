import Hummingbird
import Kernel

/// GET, PUT and PATCH on `{deployments,replicasets}/{name}/scale`.
enum ScaleRequest {
    /// Answers one request on a scale subresource.
    static func respond(_ api: ClusterAPI, _ request: Request, type: ResourceType, namespace: String, name: String) async throws -> Response {
        switch request.method {
        case .get:
            return JSONResponse.make(200, ScaleSubresource.scale(of: try await api.get(type, namespace: namespace, name: name)))
        case .put:
            let scale = try await RequestBodyReader.readJSON(request)
            return try await write(api, type, namespace: namespace, name: name) { _ in scale }
        case .patch:
            let (patchType, patch) = try await PatchRequest.read(request)
            return try await write(api, type, namespace: namespace, name: name) { current in
                do {
                    return try patchType.apply(patch, to: current)
                } catch let failure as PatchFailure {
                    throw failure.apiError
                }
            }
        default:
            throw StatusObject.methodNotAllowed(request.method.rawValue)
        }
    }

    /// Computes the new Scale from the current one, sets the object's replicas and answers the
    /// stored object's Scale.
    private static func write(_ api: ClusterAPI, _ type: ResourceType, namespace: String, name: String,
                              newScale: (JSONValue) throws -> JSONValue) async throws -> Response {
        let stored = try await PatchRequest.readPatchWrite(api, type, namespace: namespace, name: name) { current in
            try ScaleSubresource.applying(try newScale(ScaleSubresource.scale(of: current)), to: current, name: name)
        } write: { updated in
            try await api.update(type, namespace: namespace, object: updated)
        }
        return JSONResponse.make(200, ScaleSubresource.scale(of: stored))
    }
}
