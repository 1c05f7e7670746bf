@testable import APIServer
import Foundation
import Kernel
import Testing

/// The OpenAPI v3 documents built from the type definitions.
@Suite("OpenAPI v3 documents")
struct OpenAPIDocumentTests {
    /// Every served kind has a definition, and each group version document carries that kind's
    /// schema with its `x-kubernetes-group-version-kind`.
    @Test("every served kind has a schema with its GVK")
    func everyKindHasSchema() throws {
        for type in ResourceType.all {
            let kind = GroupVersionKind(group: type.group, version: type.version, kind: type.kind)
            let definition = try #require(APITypes.definition(for: kind), "no definition for \(type.kind)")
            let document = OpenAPIDocuments.build(group: type.group, version: type.version)
            let schema = try #require(document[path: "components", "schemas", definition.name], "no schema for \(definition.name)")
            let gvks = schema["x-kubernetes-group-version-kind"]?.arrayValue ?? []
            #expect(gvks.contains(["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)]))
        }
    }

    /// No `$ref` in any document points at a schema the document lacks.
    @Test("every $ref resolves")
    func refsResolve() throws {
        for (path, document) in OpenAPIDocuments.documents {
            let json = try JSONValue(parsing: document.bytes)
            let schemas = try #require(json[path: "components", "schemas"]?.objectValue)
            for name in OpenAPISchemas.references(in: json) {
                #expect(schemas[name] != nil, "\(path): unresolved $ref \(name)")
            }
        }
    }

    /// Every type a definition refers to is itself defined (or is a built-in wrapper).
    @Test("every definition reference is defined")
    func definitionsAreClosed() {
        for definition in APITypes.all {
            for name in OpenAPISchemas.references(in: OpenAPISchemas.schema(definition)) {
                #expect(APITypes.byName[name] != nil || OpenAPISchemas.builtins[name] != nil, "\(definition.name) refers to undefined \(name)")
            }
        }
    }

    /// kubectl looks for a PATCH operation with the object's GVK and a fieldValidation parameter.
    @Test("each group's PATCH operations carry the GVK and fieldValidation")
    func patchCarriesFieldValidation() throws {
        for type in ResourceType.all {
            let document = OpenAPIDocuments.build(group: type.group, version: type.version)
            let paths = try #require(document["paths"]?.objectValue)
            let patches = paths.values.compactMap { $0["patch"] }.filter {
                $0["x-kubernetes-group-version-kind"] == ["group": .string(type.group), "version": .string(type.version), "kind": .string(type.kind)]
            }
            #expect(!patches.isEmpty, "no PATCH operation for \(type.kind)")
            for patch in patches {
                let names = (patch["parameters"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
                #expect(names.contains("fieldValidation"))
                let content = patch[path: "requestBody", "content"]?.objectValue ?? [:]
                #expect(Set(content.keys) == ["application/json-patch+json", "application/merge-patch+json",
                                              "application/strategic-merge-patch+json", "application/apply-patch+yaml"])
            }
        }
    }

    /// Kubernetes' names, extensions and formats on the pod schemas.
    @Test("pod schemas use Kubernetes' v3 layout")
    func podLayout() throws {
        let document = OpenAPIDocuments.build(group: "", version: "v1")
        let schemas = try #require(document[path: "components", "schemas"])
        let containers = try #require(schemas[path: "io.k8s.api.core.v1.PodSpec", "properties", "containers"])
        #expect(containers["x-kubernetes-patch-merge-key"] == "name")
        #expect(containers["x-kubernetes-patch-strategy"] == "merge")
        #expect(containers["x-kubernetes-list-type"] == "map")
        #expect(containers[path: "items", "allOf"] == [["$ref": "#/components/schemas/io.k8s.api.core.v1.Container"]])
        let ports = try #require(schemas[path: "io.k8s.api.core.v1.Container", "properties", "ports"])
        #expect(ports["x-kubernetes-list-map-keys"] == ["containerPort", "protocol"])
        #expect(schemas[path: "io.k8s.apimachinery.pkg.util.intstr.IntOrString", "x-kubernetes-int-or-string"] == true)
        #expect(schemas[path: "io.k8s.apimachinery.pkg.apis.meta.v1.Time", "format"] == "date-time")
        #expect(schemas[path: "io.k8s.api.core.v1.PodSpec", "properties", "terminationGracePeriodSeconds", "format"] == "int64")
        #expect(schemas[path: "io.k8s.api.core.v1.Secret", "properties", "data", "additionalProperties", "format"] == "byte")
        #expect(schemas[path: "io.k8s.apimachinery.pkg.apis.meta.v1.ManagedFieldsEntry", "properties", "fieldsV1",
                        "x-kubernetes-preserve-unknown-fields"] == true)
        #expect(schemas["io.k8s.api.core.v1.PodList"] != nil)
        #expect(document[path: "paths", "/api/v1/namespaces/{namespace}/pods", "get", "operationId"] == "listCoreV1NamespacedPod")
        #expect(document[path: "paths", "/api/v1/namespaces/{namespace}/pods/{name}/status", "patch", "x-kubernetes-action"] == "patch")
        #expect(document[path: "paths", "/api/v1/nodes/{name}", "get", "operationId"] == "readCoreV1Node")
    }

    /// The digest used for hashes is SHA-256.
    @Test("SHA-256 of known inputs")
    func sha256() {
        #expect(SHA256Digest.hex(Data()) == "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
        #expect(SHA256Digest.hex(Data("abc".utf8)) == "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")
    }

    /// The index and the documents over HTTP: JSON, ETag, same bytes for the hash URL, 304.
    @Test("GET /openapi/v3 and a group version document")
    func overHTTP() async throws {
        try await withServer { _, port in
            let index = try await RawHTTP.send(port: port, "GET", "/openapi/v3")
            #expect(index.status == 200)
            #expect(index.headers["content-type"] == "application/json")
            #expect(index.headers["etag"] != nil)
            let paths = try #require(index.json?["paths"]?.objectValue)
            for groupVersion in ["api/v1", "apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1"] {
                #expect(paths[groupVersion] != nil, "missing \(groupVersion)")
            }
            let url = try #require(paths["api/v1"]?["serverRelativeURL"]?.stringValue)
            #expect(url.hasPrefix("/openapi/v3/api/v1?hash="))
            let hashed = try await RawHTTP.send(port: port, "GET", url)
            let plain = try await RawHTTP.send(port: port, "GET", "/openapi/v3/api/v1")
            #expect(hashed.status == 200)
            #expect(hashed.headers["content-type"] == "application/json")
            #expect(hashed.body == plain.body)
            let etag = try #require(hashed.headers["etag"])
            #expect(etag == "\"\(url.split(separator: "=").last ?? "")\"")
            #expect(hashed.json?["openapi"] == "3.0.0")
            let cached = try await RawHTTP.send(port: port, "GET", "/openapi/v3/api/v1", headers: ["If-None-Match": etag])
            #expect(cached.status == 304)
            let missing = try await RawHTTP.send(port: port, "GET", "/openapi/v3/apis/nothing/v1")
            expectStatus(missing, 404, "NotFound")
        }
    }
}
