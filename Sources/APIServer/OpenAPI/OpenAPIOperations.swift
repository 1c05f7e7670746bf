import Kernel

/// The paths and operations of one served resource in a group version's OpenAPI v3 document,
/// named and annotated as Kubernetes does (`listCoreV1NamespacedPod`, `x-kubernetes-action`,
/// `x-kubernetes-group-version-kind`), with the query parameters each verb accepts.
struct OpenAPIOperations {
    /// The resource.
    let type: ResourceType
    /// The definition name of the resource's kind.
    let definition: String

    /// The operation-id prefix of the group version: "CoreV1", "AppsV1", "CoordinationV1".
    var groupVersionName: String {
        let group = type.group.isEmpty ? "core" : String(type.group.split(separator: ".").first ?? "")
        return capitalized(group) + capitalized(type.version)
    }

    /// The tag of the group version: "core_v1", "coordination_v1".
    var tag: String {
        let group = type.group.isEmpty ? "core" : String(type.group.split(separator: ".").first ?? "")
        return "\(group)_\(type.version)"
    }

    /// The path prefix of the group version: "/api/v1", "/apis/apps/v1".
    var root: String { type.group.isEmpty ? "/api/\(type.version)" : "/apis/\(type.group)/\(type.version)" }

    /// The kind as an operation extension.
    var gvk: JSONValue { OpenAPISchemas.gvk(GroupVersionKind(group: type.group, version: type.version, kind: type.kind)) }

    /// Every path of the resource with its operations.
    func paths(statusSubresource: Bool, scaleSchema: String?, deleteCollection: Bool) -> [String: JSONValue] {
        let scope = type.namespaced ? "Namespaced" : ""
        let collection = type.namespaced ? "\(root)/namespaces/{namespace}/\(type.resource)" : "\(root)/\(type.resource)"
        let object = collection + "/{name}"
        let pathParameters = (type.namespaced ? [Self.namespaceParameter] : []) + [Self.prettyParameter]
        let objectParameters = [Self.nameParameter] + pathParameters
        let kind = type.kind
        var paths: [String: JSONValue] = [:]

        var collectionItem: [String: JSONValue] = [
            "get": operation("list\(groupVersionName)\(scope)\(kind)", action: "list", summary: "list or watch objects of kind \(kind)",
                             parameters: Self.listParameters, response: definition + "List"),
            "post": operation("create\(groupVersionName)\(scope)\(kind)", action: "post", summary: "create a \(kind)",
                              parameters: Self.writeParameters, body: definition, response: definition, created: true),
            "parameters": .array(pathParameters),
        ]
        if deleteCollection {
            collectionItem["delete"] = operation("delete\(groupVersionName)Collection\(scope)\(kind)", action: "deletecollection",
                                                 summary: "delete collection of \(kind)",
                                                 parameters: Self.deleteParameters + Self.listParameters,
                                                 body: MetaTypes.prefix + "DeleteOptions", response: MetaTypes.prefix + "Status")
        }
        paths[collection] = .object(collectionItem)
        paths[object] = [
            "get": operation("read\(groupVersionName)\(scope)\(kind)", action: "get", summary: "read the specified \(kind)",
                             parameters: [], response: definition),
            "put": operation("replace\(groupVersionName)\(scope)\(kind)", action: "put", summary: "replace the specified \(kind)",
                             parameters: Self.writeParameters, body: definition, response: definition, created: true),
            "patch": patchOperation("patch\(groupVersionName)\(scope)\(kind)", summary: "partially update the specified \(kind)", response: definition),
            "delete": operation("delete\(groupVersionName)\(scope)\(kind)", action: "delete", summary: "delete a \(kind)",
                                parameters: Self.deleteParameters, body: MetaTypes.prefix + "DeleteOptions", response: definition),
            "parameters": .array(objectParameters),
        ]
        if statusSubresource {
            paths[object + "/status"] = [
                "get": operation("read\(groupVersionName)\(scope)\(kind)Status", action: "get", summary: "read status of the specified \(kind)",
                                 parameters: [], response: definition),
                "put": operation("replace\(groupVersionName)\(scope)\(kind)Status", action: "put", summary: "replace status of the specified \(kind)",
                                 parameters: Self.writeParameters, body: definition, response: definition, created: true),
                "patch": patchOperation("patch\(groupVersionName)\(scope)\(kind)Status", summary: "partially update status of the specified \(kind)",
                                        response: definition),
                "parameters": .array(objectParameters),
            ]
        }
        if let scaleSchema {
            let scaleKind = OpenAPISchemas.gvk(GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"))
            paths[object + "/scale"] = [
                "get": operation("read\(groupVersionName)\(scope)\(kind)Scale", action: "get", summary: "read scale of the specified \(kind)",
                                 parameters: [], response: scaleSchema, kind: scaleKind),
                "put": operation("replace\(groupVersionName)\(scope)\(kind)Scale", action: "put", summary: "replace scale of the specified \(kind)",
                                 parameters: Self.writeParameters, body: scaleSchema, response: scaleSchema, created: true, kind: scaleKind),
                "patch": patchOperation("patch\(groupVersionName)\(scope)\(kind)Scale", summary: "partially update scale of the specified \(kind)",
                                        response: scaleSchema, kind: scaleKind),
                "parameters": .array(objectParameters),
            ]
        }
        let watchRoot = type.namespaced ? "\(root)/watch/namespaces/{namespace}/\(type.resource)" : "\(root)/watch/\(type.resource)"
        paths[watchRoot] = [
            "get": operation("watch\(groupVersionName)\(scope)\(kind)List", action: "watchlist",
                             summary: "watch individual changes to a list of \(kind)", parameters: Self.listParameters,
                             response: MetaTypes.prefix + "WatchEvent"),
            "parameters": .array(pathParameters),
        ]
        paths[watchRoot + "/{name}"] = [
            "get": operation("watch\(groupVersionName)\(scope)\(kind)", action: "watch",
                             summary: "watch changes to an object of kind \(kind)", parameters: Self.listParameters,
                             response: MetaTypes.prefix + "WatchEvent"),
            "parameters": .array(objectParameters),
        ]
        if type.namespaced {
            paths["\(root)/\(type.resource)"] = [
                "get": operation("list\(groupVersionName)\(kind)ForAllNamespaces", action: "list",
                                 summary: "list or watch objects of kind \(kind) in every namespace", parameters: Self.listParameters,
                                 response: definition + "List"),
                "parameters": .array([Self.prettyParameter]),
            ]
            paths["\(root)/watch/\(type.resource)"] = [
                "get": operation("watch\(groupVersionName)\(kind)ListForAllNamespaces", action: "watchlist",
                                 summary: "watch individual changes to a list of \(kind) in every namespace", parameters: Self.listParameters,
                                 response: MetaTypes.prefix + "WatchEvent"),
                "parameters": .array([Self.prettyParameter]),
            ]
        }
        return paths
    }

    /// One operation answering with the component `response`.
    private func operation(_ id: String, action: String, summary: String, parameters: [JSONValue], body: String? = nil,
                           response: String, created: Bool = false, kind: JSONValue? = nil) -> JSONValue {
        var responses: [String: JSONValue] = ["200": Self.response("OK", response), "401": ["description": "Unauthorized"]]
        if created { responses["201"] = Self.response("Created", response) }
        if action == "post" || action == "delete" || action == "deletecollection" { responses["202"] = Self.response("Accepted", response) }
        var operation: [String: JSONValue] = [
            "operationId": .string(id),
            "description": .string(summary),
            "tags": [.string(tag)],
            "responses": .object(responses),
            "x-kubernetes-action": .string(action),
            "x-kubernetes-group-version-kind": kind ?? gvk,
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let body {
            operation["requestBody"] = [
                "content": ["*/*": ["schema": ["$ref": OpenAPISchemas.ref(body)]]],
                "required": .bool(action != "delete" && action != "deletecollection"),
            ]
        }
        return .object(operation)
    }

    /// A PATCH operation: a `Patch` body in each of the four patch media types.
    private func patchOperation(_ id: String, summary: String, response: String, kind: JSONValue? = nil) -> JSONValue {
        guard case .object(var operation) = operation(id, action: "patch", summary: summary, parameters: Self.patchParameters,
                                                      response: response, created: true, kind: kind) else { return .null }
        let body: JSONValue = ["schema": ["$ref": OpenAPISchemas.ref(OpenAPISchemas.patch)]]
        operation["requestBody"] = [
            "content": [
                "application/apply-patch+yaml": body,
                "application/json-patch+json": body,
                "application/merge-patch+json": body,
                "application/strategic-merge-patch+json": body,
            ],
            "required": true,
        ]
        return .object(operation)
    }

    /// A response whose body is the component `name`, as JSON or YAML.
    private static func response(_ description: String, _ name: String) -> JSONValue {
        let schema: JSONValue = ["schema": ["$ref": OpenAPISchemas.ref(name)]]
        return ["description": .string(description),
                "content": ["application/json": schema, "application/yaml": schema, "application/vnd.kubernetes.protobuf": schema]]
    }

    /// A query parameter.
    private static func query(_ name: String, _ type: String, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "description": .string(description), "schema": ["type": .string(type), "uniqueItems": true]]
    }

    /// `{name}` in a path.
    static let nameParameter: JSONValue = ["name": "name", "in": "path", "required": true, "description": "The object's name.",
                                           "schema": ["type": "string", "uniqueItems": true]]
    /// `{namespace}` in a path.
    static let namespaceParameter: JSONValue = ["name": "namespace", "in": "path", "required": true,
                                                "description": "The object's namespace.", "schema": ["type": "string", "uniqueItems": true]]
    /// `?pretty`.
    static let prettyParameter = query("pretty", "string", "When 'true', the output is indented.")
    /// `?dryRun`.
    static let dryRunParameter = query("dryRun", "string", "When All, the request is checked and answered but nothing is stored.")
    /// `?fieldManager`.
    static let fieldManagerParameter = query("fieldManager", "string", "The name of the actor making the change, recorded in managedFields.")
    /// `?fieldValidation`.
    static let fieldValidationParameter = query("fieldValidation", "string",
        "What to do with unknown or duplicate fields in the body: Ignore drops them, Warn (the default) drops them and answers with a Warning header for each, Strict fails the request.")

    /// The parameters of a create or replace.
    static let writeParameters: [JSONValue] = [dryRunParameter, fieldManagerParameter, fieldValidationParameter]
    /// The parameters of a patch.
    static let patchParameters: [JSONValue] = writeParameters + [
        query("force", "boolean", "Take over fields owned by other managers in an apply patch."),
    ]
    /// The parameters of a delete.
    static let deleteParameters: [JSONValue] = [
        dryRunParameter,
        query("gracePeriodSeconds", "integer", "Seconds before the object is removed; 0 removes it at once."),
        query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean", "Deletes an object whose stored data cannot be read."),
        query("orphanDependents", "boolean", "Deprecated: use propagationPolicy."),
        query("propagationPolicy", "string", "How dependents are handled: Orphan, Background or Foreground."),
    ]
    /// The parameters of a list or watch.
    static let listParameters: [JSONValue] = [
        query("allowWatchBookmarks", "boolean", "Ask for BOOKMARK events in a watch."),
        query("continue", "string", "The token of the next page, from the previous page's metadata."),
        query("fieldSelector", "string", "Select objects by fields, such as metadata.name=web."),
        query("labelSelector", "string", "Select objects by labels, such as app=web,tier!=db."),
        query("limit", "integer", "The most objects to return in one page."),
        query("resourceVersion", "string", "The revision to read at or watch from."),
        query("resourceVersionMatch", "string", "How resourceVersion is applied to a list: Exact or NotOlderThan."),
        query("sendInitialEvents", "boolean", "Start a watch with the current objects as ADDED events."),
        query("timeoutSeconds", "integer", "How long a list or watch may take."),
        query("watch", "boolean", "Watch for changes instead of listing."),
    ]

    private func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
