import Foundation
import Kernel

/// What a request path names, parsed the way Kubernetes lays out its API:
/// `/api/v1/...` for the core group, `/apis/{group}/{version}/...` for the others, then
/// `[namespaces/{ns}/]{resource}[/{name}[/{subresource}]]`, optionally after a legacy `watch/`.
enum APIRoute: Equatable {
    /// `/`: the list of served paths.
    case root
    /// `/healthz`, `/livez`, `/readyz` (and their `/ping` sub-checks).
    case health(String)
    /// `/version`.
    case version
    /// `/api`: the core group's versions.
    case coreVersions
    /// `/apis`: every named group.
    case groups
    /// `/apis/{group}`.
    case group(String)
    /// `/api/v1`, `/apis/{group}/{version}`: the resources of a group version.
    case resources(group: String, version: String)
    /// A resource collection, object or subresource.
    case resource(ResourceRequest)
    /// `/api/v1/namespaces/{ns}/bindings`: the legacy way to bind pods.
    case bindings(namespace: String)
    /// `/openapi/v3[/{api/v1 | apis/{group}/{version}}]`: the OpenAPI v3 index or a group version's document.
    case openAPIv3(String)
    /// `/api/v1/namespaces/{ns}/pods/{name}/log`: a container's log, from the node's kubelet.
    case podLog(namespace: String, name: String)
    /// `/api/v1/nodes/{name}/proxy/{path}`: a request forwarded to the node's kubelet.
    case nodeProxy(name: String, path: String)
    /// `POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token`: a TokenRequest.
    case serviceAccountToken(namespace: String, name: String)
    /// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`.
    case selfSubjectReview

    /// A request for objects of one type.
    struct ResourceRequest: Equatable {
        /// The served type.
        var type: ResourceType
        /// The namespace in the path (nil for cluster-scoped types and all-namespace lists).
        var namespace: String?
        /// The object name (nil for a collection).
        var name: String?
        /// "status", "scale", "binding" or "eviction".
        var subresource: String?
        /// The path started with the legacy `watch/` prefix.
        var legacyWatch: Bool = false
    }

    /// Parses a path (query excluded); throws 404 for anything that names nothing.
    static func parse(_ path: String) throws -> APIRoute {
        let segments = PathSegments.of(path)
        guard let first = segments.first else { return .root }
        if let kubelet = KubeletRoutes.parse(path, segments: segments) { return kubelet }
        if let route = TokenEndpoints.route(segments) { return route }
        switch first {
        case "healthz", "livez", "readyz":
            guard segments.count == 1 || (segments.count == 2 && ["ping", "log", "etcd"].contains(segments[1])) else { break }
            return .health(first)
        case "version" where segments.count == 1:
            return .version
        case "openapi" where segments.count >= 2 && segments[1] == "v3":
            return .openAPIv3(segments.dropFirst(2).joined(separator: "/"))
        case "api":
            if segments.count == 1 { return .coreVersions }
            guard segments[1] == "v1" else { break }
            if segments.count == 2 { return .resources(group: "", version: "v1") }
            return try resourcePath(group: "", version: "v1", Array(segments.dropFirst(2)))
        case "apis":
            if segments.count == 1 { return .groups }
            let group = segments[1]
            let versions = Discovery.versions(ofGroup: group)
            guard !group.isEmpty, !versions.isEmpty else { break }
            if segments.count == 2 { return .group(group) }
            guard versions.contains(segments[2]) else { break }
            if segments.count == 3 { return .resources(group: group, version: segments[2]) }
            return try resourcePath(group: group, version: segments[2], Array(segments.dropFirst(3)))
        default:
            break
        }
        throw StatusObject.pathNotFound
    }

    /// Parses what follows `/api/v1` or `/apis/{group}/{version}`.
    private static func resourcePath(group: String, version: String, _ parts: [String]) throws -> APIRoute {
        var parts = parts
        var legacyWatch = false
        if parts.first == "watch" {
            legacyWatch = true
            parts.removeFirst()
        }
        func type(_ resource: String) throws -> ResourceType {
            guard let type = ResourceType.all.first(where: { $0.group == group && $0.version == version && $0.resource == resource }) else {
                throw StatusObject.pathNotFound
            }
            return type
        }
        func request(_ type: ResourceType, _ namespace: String?, _ name: String?, _ subresource: String?) throws -> APIRoute {
            if let subresource {
                let allowed = subresource == "status" ? Admissions.of(type).hasStatusSubresource
                    : subresource == "scale" ? ScaleSubresource.serves(type) : (["binding", "eviction"].contains(subresource) && type == .pods)
                guard allowed, !legacyWatch else { throw StatusObject.pathNotFound }
            }
            if let name, name.isEmpty { throw StatusObject.pathNotFound }
            return .resource(ResourceRequest(type: type, namespace: namespace, name: name, subresource: subresource, legacyWatch: legacyWatch))
        }
        // namespaces/{ns}/{resource}[/{name}[/{sub}]]: a namespaced resource inside a namespace.
        if parts.count >= 3, parts[0] == "namespaces" {
            if parts.count == 3 && group.isEmpty && parts[2] == "bindings" && !legacyWatch {
                return .bindings(namespace: parts[1])
            }
            if let namespaced = ResourceType.all.first(where: { $0.group == group && $0.version == version && $0.resource == parts[2] && $0.namespaced }),
               parts.count <= 5 {
                return try request(namespaced, parts[1], parts.count > 3 ? parts[3] : nil, parts.count > 4 ? parts[4] : nil)
            }
        }
        switch parts.count {
        case 1:
            return try request(type(parts[0]), nil, nil, nil)
        case 2, 3:
            let resolved = try type(parts[0])
            guard !resolved.namespaced else { throw StatusObject.pathNotFound }
            return try request(resolved, nil, parts[1], parts.count == 3 ? parts[2] : nil)
        default:
            throw StatusObject.pathNotFound
        }
    }
}
