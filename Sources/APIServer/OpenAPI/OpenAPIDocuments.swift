import Foundation
import Kernel

/// The OpenAPI v3 documents the server publishes: one per served group version, built once
/// (on first use) from `APITypes` and `ResourceType.all`, kept as bytes with their hash.
enum OpenAPIDocuments {
    /// A finished document: its JSON bytes and their SHA-256 in upper-case hex.
    struct Document: Sendable {
        /// The serialized document.
        let bytes: Data
        /// The hash clients put in `?hash=` and the server sends as the ETag.
        let hash: String
    }

    /// Every group version's document, keyed by its path under /openapi/v3: "api/v1", "apis/apps/v1".
    static let documents: [String: Document] = {
        var documents: [String: Document] = [:]
        for groupVersion in groupVersions {
            let bytes = build(group: groupVersion.group, version: groupVersion.version).serialized()
            documents[path(group: groupVersion.group, version: groupVersion.version)] = Document(bytes: bytes, hash: SHA256Digest.hex(bytes))
        }
        return documents
    }()

    /// The `/openapi/v3` index: where each group version's document lives.
    static let index: Document = {
        var paths: [String: JSONValue] = [:]
        for (path, document) in documents {
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=\(document.hash)")]
        }
        let bytes = JSONValue.object(["paths": .object(paths)]).serialized()
        return Document(bytes: bytes, hash: SHA256Digest.hex(bytes))
    }()

    /// The served group versions, in discovery order.
    static var groupVersions: [(group: String, version: String)] {
        var seen: [(group: String, version: String)] = []
        for type in ResourceType.all where !seen.contains(where: { $0.group == type.group && $0.version == type.version }) {
            seen.append((type.group, type.version))
        }
        return seen
    }

    /// "api/v1" or "apis/{group}/{version}".
    static func path(group: String, version: String) -> String {
        group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
    }

    /// The document of one group version: the operations of each of its resources and every
    /// schema they reach.
    static func build(group: String, version: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        var roots: [String] = [OpenAPISchemas.patch, MetaTypes.prefix + "Status", MetaTypes.prefix + "DeleteOptions", MetaTypes.prefix + "WatchEvent"]
        var lists: [String: JSONValue] = [:]
        let scaleName = "io.k8s.api.autoscaling.v1.Scale"
        let scaleServed = APITypes.byName[scaleName] != nil
        for type in ResourceType.all where type.group == group && type.version == version {
            let kind = GroupVersionKind(group: type.group, version: type.version, kind: type.kind)
            guard let definition = APITypes.definition(for: kind) else { continue }
            let operations = OpenAPIOperations(type: type, definition: definition.name)
            let scale = scaleServed && ScaleSubresource.serves(type)
            paths.merge(operations.paths(statusSubresource: Admissions.of(type).hasStatusSubresource,
                                         scaleSchema: scale ? scaleName : nil,
                                         deleteCollection: Discovery.verbs.contains("deletecollection")),
                        uniquingKeysWith: { first, _ in first })
            roots.append(definition.name)
            if scale { roots.append(scaleName) }
            lists[definition.name + "List"] = OpenAPISchemas.listSchema(kind: kind, itemDefinition: definition.name)
        }
        var schemas = lists
        var pending = roots + [MetaTypes.listMeta]
        while let name = pending.popLast() {
            guard schemas[name] == nil else { continue }
            let schema: JSONValue
            if let definition = APITypes.byName[name] {
                schema = OpenAPISchemas.schema(definition)
            } else if let builtin = OpenAPISchemas.builtins[name] {
                schema = builtin
            } else {
                continue
            }
            schemas[name] = schema
            pending += OpenAPISchemas.references(in: schema)
        }
        return [
            "openapi": "3.0.0",
            "info": ["title": "Keelson", "version": .string(KeelsonVersion.kubernetesCompatibility)],
            "paths": .object(paths),
            "components": [
                "schemas": .object(schemas),
                "securitySchemes": ["BearerToken": ["type": "apiKey", "name": "authorization", "in": "header",
                                                    "description": "Bearer token authentication"]],
            ],
        ]
    }
}
