import Kernel

/// The discovery documents clients read before anything else: `/version`, `/api`, `/apis`,
/// `/apis/{group}` and the resource lists of each group version.
enum Discovery {
    /// The verbs every served resource supports in this build.
    static let verbs: [JSONValue] = ["create", "delete", "get", "list", "patch", "update", "watch"]
    /// Resources listed in kubectl's `all` category.
    static let allCategory: Set<ResourceType> = [.pods, .services, .replicaSets, .deployments, .jobs,
                                                 .replicationControllers, .daemonSets, .statefulSets, .cronJobs]

    /// The versions served for a named group (empty when the group is not served).
    static func versions(ofGroup group: String) -> [String] {
        var seen: [String] = []
        for type in ResourceType.all where type.group == group && !seen.contains(type.version) {
            seen.append(type.version)
        }
        return seen
    }

    /// The named groups in discovery order.
    static var groupNames: [String] {
        var seen: [String] = []
        for type in ResourceType.all where !type.group.isEmpty && !seen.contains(type.group) {
            seen.append(type.group)
        }
        return seen
    }

    /// `/version`: the Kubernetes version Keelson follows, with Keelson's own as build metadata.
    static func version() -> JSONValue {
        let compat = KeelsonVersion.kubernetesCompatibility
        let numbers = compat.dropFirst().split(separator: ".")
        return [
            "major": .string(numbers.first.map(String.init) ?? "1"),
            "minor": .string(numbers.count > 1 ? String(numbers[1]) : "0"),
            "gitVersion": .string("\(compat)+keelson.\(KeelsonVersion.version)"),
            "gitCommit": "", "gitTreeState": "", "buildDate": "",
            "goVersion": "", "compiler": "swift", "platform": .string(platform),
        ]
    }

    private static var platform: String {
        #if arch(arm64)
        return "linux/arm64"
        #else
        return "linux/amd64"
        #endif
    }

    /// `/api`: APIVersions.
    static func coreVersions(serverAddress: String) -> JSONValue {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    /// One APIGroup document.
    static func group(_ name: String) -> JSONValue {
        let versions: [JSONValue] = versions(ofGroup: name).map {
            ["groupVersion": .string("\(name)/\($0)"), "version": .string($0)]
        }
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(name),
                "versions": .array(versions), "preferredVersion": versions.first ?? .null]
    }

    /// `/apis`: APIGroupList.
    static func groupList() -> JSONValue {
        let groups: [JSONValue] = groupNames.map { name in
            var document = group(name)
            document["kind"] = nil
            document["apiVersion"] = nil
            return document
        }
        return ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)]
    }

    /// `/api/v1`, `/apis/{group}/{version}`: APIResourceList with each resource's verbs,
    /// short names, scope and subresources.
    static func resourceList(group: String, version: String) -> JSONValue {
        var resources: [JSONValue] = []
        for type in ResourceType.all where type.group == group && type.version == version {
            var entry: JSONValue = [
                "name": .string(type.resource), "singularName": .string(type.kind.lowercased()),
                "namespaced": .bool(type.namespaced), "kind": .string(type.kind), "verbs": .array(verbs),
            ]
            if DeleteCollection.serves(type) { entry["verbs"] = .array((verbs + ["deletecollection"]).sorted { ($0.stringValue ?? "") < ($1.stringValue ?? "") }) }
            if !type.shortNames.isEmpty { entry["shortNames"] = .array(type.shortNames.map(JSONValue.string)) }
            if allCategory.contains(type) { entry["categories"] = ["all"] }
            resources.append(entry)
            if Admissions.of(type).hasStatusSubresource {
                resources.append(["name": .string("\(type.resource)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "kind": .string(type.kind), "verbs": ["get", "patch", "update"]])
            }
            if ScaleSubresource.serves(type) {
                resources.append(["name": .string("\(type.resource)/scale"), "singularName": "", "namespaced": .bool(type.namespaced),
                                  "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]])
            }
            if type == .nodes {
                resources.append(["name": "nodes/proxy", "singularName": "", "namespaced": false, "kind": "NodeProxyOptions", "verbs": ["get"]])
            }
            if type == .serviceAccounts {
                resources.append(["name": "serviceaccounts/token", "singularName": "", "namespaced": true, "group": "authentication.k8s.io",
                                  "version": "v1", "kind": "TokenRequest", "verbs": ["create"]])
            }
            if type == .pods {
                resources.append(["name": "pods/binding", "singularName": "", "namespaced": true, "kind": "Binding", "verbs": ["create"]])
                resources.append(["name": "pods/eviction", "singularName": "", "namespaced": true, "group": "policy", "version": "v1",
                                  "kind": "Eviction", "verbs": ["create"]])
                resources.append(["name": "pods/log", "singularName": "", "namespaced": true, "kind": "Pod", "verbs": ["get"]])
            }
        }
        if group.isEmpty {
            resources.append(["name": "bindings", "singularName": "binding", "namespaced": true, "kind": "Binding", "verbs": ["create"]])
        }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion), "resources": .array(resources)]
    }

    /// `/`: the served paths.
    static func rootPaths() -> JSONValue {
        var paths = ["/api", "/api/v1", "/apis", "/healthz", "/livez", "/readyz", "/version"]
        for name in groupNames {
            paths.append("/apis/\(name)")
            paths += versions(ofGroup: name).map { "/apis/\(name)/\($0)" }
        }
        return ["paths": .array(paths.sorted().map(JSONValue.string))]
    }
}
