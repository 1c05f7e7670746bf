import Hummingbird
import Kernel
import Logging

/// Answers one HTTP request: parses the path, dispatches to discovery, health or the resource
/// handlers, and turns every failure into a `Status` response. Never throws.
struct APIRequestHandler: Sendable {
    let api: ClusterAPI
    /// "host:port" the server is reachable at, for `/api`'s serverAddressByClientCIDRs.
    let serverAddress: @Sendable () -> String
    let logger: Logger
    /// Checks bearer tokens; nil serves every request unauthenticated (library and unit-test use).
    var authenticator: Authenticator? = nil

    func respond(_ request: Request) async -> Response {
        var user = UserInfo.anonymous
        if let authenticator {
            guard let authenticated = await authenticator.authenticate(request) else { return Authenticator.unauthorized() }
            user = authenticated
        }
        do {
            let route = try APIRoute.parse(request.uri.path)
            switch route {
            case .resource(let target):
                return await ResourceHandler(api: api, request: request, target: target).respond()
            case .podLog(let namespace, let name):
                return await PodLogRequest(api: api, request: request).respond(namespace: namespace, name: name)
            case .nodeProxy(let name, let path):
                return await NodeProxyRequest(api: api, request: request).respond(node: name, path: path)
            case .bindings(let namespace):
                guard request.method == .post else { throw StatusObject.methodNotAllowed(request.method.rawValue) }
                let binding = try await RequestBodyReader.readJSON(request)
                return try await ResourceHandler.bind(api, binding, namespace: namespace, podName: nil)
            case .openAPIv3(let path):
                return try OpenAPIHandler.respond(request, path: path)
            case .serviceAccountToken(let namespace, let name):
                return try await TokenEndpoints.tokenRequest(request, namespace: namespace, name: name, authenticator: authenticator)
            case .selfSubjectReview:
                return try await TokenEndpoints.selfSubjectReview(request, user: user)
            default:
                guard request.method == .get || request.method == .head else {
                    throw StatusObject.methodNotAllowed(request.method.rawValue)
                }
                if route == .coreVersions || route == .groups,
                   let version = AggregatedDiscovery.requestedVersion(accept: request.headers[.accept]) {
                    return JSONResponse.make(200, AggregatedDiscovery.document(core: route == .coreVersions, version: version),
                                             contentType: AggregatedDiscovery.contentType(version))
                }
                return document(route)
            }
        } catch let error as APIError {
            return StatusObject.response(error)
        } catch {
            logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return StatusObject.response(.internalError("\(error)"))
        }
    }

    /// The fixed documents: discovery, version and health.
    private func document(_ route: APIRoute) -> Response {
        switch route {
        case .root: return JSONResponse.make(200, Discovery.rootPaths())
        case .version: return JSONResponse.make(200, Discovery.version())
        case .coreVersions: return JSONResponse.make(200, Discovery.coreVersions(serverAddress: serverAddress()))
        case .groups: return JSONResponse.make(200, Discovery.groupList())
        case .group(let name): return JSONResponse.make(200, Discovery.group(name))
        case .resources(let group, let version): return JSONResponse.make(200, Discovery.resourceList(group: group, version: version))
        case .health(let check): return health(check)
        case .resource, .bindings, .openAPIv3, .podLog, .nodeProxy, .serviceAccountToken, .selfSubjectReview:
            return StatusObject.response(StatusObject.pathNotFound)
        }
    }

    /// `ok` while the store is open; a failing check list once it is closed.
    private func health(_ check: String) -> Response {
        if api.store.isClosed {
            return JSONResponse.text(500, "[+]ping ok\n[-]store failed: the store is closed\n\(check) check failed\n")
        }
        return JSONResponse.text(200, "ok")
    }
}
