import Hummingbird
import Kernel

/// `POST /api/v1/namespaces/{ns}/pods/{name}/eviction`: reads a policy/v1 (or v1beta1)
/// `Eviction`, checks that it names the pod of the path, and evicts the pod within its
/// disruption budget. Answers 201 with a success Status.
enum EvictionRequest {
    /// The API versions an Eviction body may be written in.
    static let apiVersions = ["policy/v1", "policy/v1beta1"]

    /// Reads, checks and carries out the eviction.
    static func respond(_ api: ClusterAPI, _ request: Request, namespace: String, podName: String) async throws -> Response {
        let eviction = try await RequestBodyReader.readJSON(request)
        let options = try deleteOptions(eviction, namespace: namespace, podName: podName)
        do {
            try await api.evict(podNamespace: namespace, podName: podName, options: options)
        } catch let error as APIError {
            return StatusObject.response(error, type: .pods, name: podName)
        }
        return StatusObject.success(201)
    }

    /// The delete options of a well-formed Eviction for `podName`; 400 for a body that is not
    /// one, names another pod or namespace, or carries undecodable options; 422 for options
    /// Kubernetes refuses.
    static func deleteOptions(_ eviction: JSONValue, namespace: String, podName: String) throws -> DeleteOptions {
        guard eviction.objectValue != nil else {
            throw APIError.badRequest("Eviction in version \"v1\" cannot be handled as a Eviction: the body must be a JSON object")
        }
        if let kind = eviction.kind, !kind.isEmpty, kind != "Eviction" {
            throw APIError.badRequest("the object provided is unrecognized (must be of type Eviction): kind \"\(kind)\"")
        }
        if let version = eviction["apiVersion"]?.stringValue, !version.isEmpty, !apiVersions.contains(version) {
            throw APIError.badRequest("the API version in the data (\(version)) does not match the expected API version (policy/v1)")
        }
        if (eviction.name ?? "") != podName {
            throw APIError.badRequest("name in URL does not match name in Eviction object")
        }
        if let bodyNamespace = eviction.namespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let body = eviction["deleteOptions"].flatMap { $0.isNull ? nil : $0 }
        return try DeleteOptionsRequest.parse(query: QueryParameters(nil), body: body, dryRunActive: DryRun.active)
    }
}
