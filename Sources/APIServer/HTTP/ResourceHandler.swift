import Hummingbird
import Kernel

/// The verbs on one resource path: list, watch, create on collections; get, update, delete on
/// objects; get and update on `status`; create on `pods/{name}/binding` and `pods/{name}/eviction`.
struct ResourceHandler {
    let api: ClusterAPI
    let request: Request
    let target: APIRoute.ResourceRequest

    private var type: ResourceType { target.type }
    private var namespace: String { target.namespace ?? "" }

    func respond() async -> Response {
        do {
            let dryRun = try DryRun.requested(request.method, QueryParameters(request.uri.query))
            let manager = FieldManagerContext.manager(fieldManager: QueryParameters(request.uri.query)["fieldManager"], userAgent: request.headers[.userAgent])
            return try await FieldManagerContext.$current.withValue(FieldManagerContext(manager: manager, subresource: target.subresource)) {
                try await DryRun.$active.withValue(dryRun) { try await dispatch() }
            }
        } catch let error as APIError {
            return StatusObject.response(error, type: type, name: target.name)
        } catch {
            return StatusObject.response(.internalError("\(error)"), type: type, name: target.name)
        }
    }

    private func dispatch() async throws -> Response {
        let method = request.method
        let query = QueryParameters(request.uri.query)
        switch (target.name, target.subresource) {
        case (nil, _):
            if method == .get, target.legacyWatch || query.flag("watch") { return try await watch(query, name: nil) }
            if method == .get { return try await list(query) }
            if method == .post { return try await create() }
            if method == .delete { return try await DeleteCollection.respond(api, request, type: type, namespace: target.namespace) }
        case (let name?, nil):
            if method == .get, target.legacyWatch || query.flag("watch") { return try await watch(query, name: name) }
            if method == .get { return JSONResponse.make(200, try tableView(query, try getAtRevision(query, name: name))) }
            if method == .put { return try await update(name, status: false) }
            if method == .delete { return try await delete(name) }
            if method == .patch { return try await patch(name, status: false) }
        case (let name?, "status"):
            if method == .get { return JSONResponse.make(200, try tableView(query, try await api.get(type, namespace: namespace, name: name))) }
            if method == .put { return try await update(name, status: true) }
            if method == .patch { return try await patch(name, status: true) }
        case (let name?, "scale"):
            return try await ScaleRequest.respond(api, request, type: type, namespace: namespace, name: name)
        case (let name?, "binding"):
            if method == .post {
                return try await Self.bind(api, try await RequestBodyReader.readJSON(request), namespace: namespace, podName: name)
            }
        case (let name?, "eviction"):
            if method == .post { return try await EvictionRequest.respond(api, request, namespace: namespace, podName: name) }
        default:
            throw StatusObject.pathNotFound
        }
        throw StatusObject.methodNotAllowed(method.rawValue)
    }

    private func list(_ query: QueryParameters) async throws -> Response {
        return JSONResponse.make(200, try tableView(query, try pagedList(query)))
    }

    private func watch(_ query: QueryParameters, name: String?) async throws -> Response {
        var selector = try query.selector(for: type)
        if let name {
            selector.fields = FieldSelector(requirements: selector.fields.requirements + [.init(field: "metadata.name", value: name)])
        }
        let timeout = try query.integer("timeoutSeconds").map { Duration.seconds($0) } ?? WatchResponse.defaultTimeout
        return WatchResponse.make(request, events: try await watchEvents(query, selector: selector), timeout: timeout)
    }

    private func create() async throws -> Response {
        guard !type.namespaced || target.namespace != nil else { throw StatusObject.methodNotAllowed("POST") }
        let body = try await RequestBodyReader.readJSON(request)
        let warnings = try FieldValidation.of(QueryParameters(request.uri.query)).check(body, type)
        return FieldValidation.addWarnings(warnings, to: JSONResponse.make(201, try await api.create(type, namespace: namespace, object: body)))
    }

    private func update(_ name: String, status: Bool) async throws -> Response {
        var body = try await RequestBodyReader.readJSON(request)
        let warnings = try FieldValidation.of(QueryParameters(request.uri.query)).check(body, type)
        try ObjectMetaAdmission.checkShape(body, type)
        if let given = body.name, !given.isEmpty, given != name {
            throw APIError.badRequest("the name of the object (\(given)) does not match the name on the URL (\(name))")
        }
        body.name = name
        if status {
            return FieldValidation.addWarnings(warnings, to: JSONResponse.make(200, try await api.updateStatus(type, namespace: namespace, object: body)))
        }
        return FieldValidation.addWarnings(warnings, to: JSONResponse.make(200, try await api.update(type, namespace: namespace, object: body)))
    }

    private func patch(_ name: String, status: Bool) async throws -> Response {
        let (patchType, patch) = try await PatchRequest.read(request)
        let validation = try FieldValidation.of(QueryParameters(request.uri.query))
        var warnings = patchType == .json ? [] : try validation.checkPatch(patch, type)
        if let options = try ApplyOptions.check(patchType, QueryParameters(request.uri.query)) {
            let (code, object) = try await ApplyRequest.apply(api, type, namespace: namespace, name: name, status: status, config: patch, options: options)
            return FieldValidation.addWarnings(warnings, to: JSONResponse.make(code, object))
        }
        let patched = try await PatchRequest.patch(api, type, namespace: namespace, name: name, status: status,
                                                   patchType: patchType, patch: patch,
                                                   check: { if patchType == .json { warnings = try validation.checkPatch($0, type) } })
        return FieldValidation.addWarnings(warnings, to: JSONResponse.make(200, patched))
    }

    private func delete(_ name: String) async throws -> Response {
        let options = try await DeleteOptionsRequest.read(request, QueryParameters(request.uri.query))
        return JSONResponse.make(200, try await api.deleteWithOptions(type, namespace: namespace, name: name, options: options))
    }

    /// Applies a Binding to the pod named by `podName` (pods/{name}/binding) or by the
    /// Binding's own name (the `bindings` collection). Answers 201 with a success Status.
    static func bind(_ api: ClusterAPI, _ binding: JSONValue, namespace: String, podName: String?) async throws -> Response {
        guard binding.objectValue != nil else { throw APIError.badRequest("Binding in version \"v1\" cannot be handled as a Binding: the body must be a JSON object") }
        if let kind = binding.kind, !kind.isEmpty, kind != "Binding" {
            throw APIError.badRequest("the object provided is unrecognized (must be of type Binding): kind \"\(kind)\"")
        }
        let bodyName = binding.name ?? ""
        if let podName, !bodyName.isEmpty, bodyName != podName {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(podName))")
        }
        if let bodyNamespace = binding.namespace, !bodyNamespace.isEmpty, bodyNamespace != namespace {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let pod = podName ?? bodyName
        guard !pod.isEmpty else {
            throw APIError(code: 422, reason: "Invalid", message: "Binding \"\" is invalid: metadata.name: Required value: name or generateName is required",
                           causes: [.required("metadata.name", "name or generateName is required")])
        }
        if let targetKind = binding[path: "target", "kind"]?.stringValue, !targetKind.isEmpty, targetKind != "Node" {
            throw APIError(code: 422, reason: "Invalid", message: "Binding \"\(pod)\" is invalid: target.kind: Unsupported value: \"\(targetKind)\": supported values: \"Node\"",
                           causes: [.notSupported("target.kind", .string(targetKind), ["Node"])])
        }
        do {
            try await api.bind(podNamespace: namespace, podName: pod, nodeName: binding[path: "target", "name"]?.stringValue ?? "")
        } catch let error as APIError {
            return StatusObject.response(error, type: .pods, name: pod)
        }
        return StatusObject.success(201)
    }
}
