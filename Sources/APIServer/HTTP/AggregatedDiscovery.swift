import Kernel

/// Aggregated discovery (`apidiscovery.k8s.io/v2`): `/api` and `/apis` answer with every group,
/// version and resource in one `APIGroupDiscoveryList` when the client asks for it in `Accept`,
/// as kubectl 1.32 does, saving it one request per group version.
///
/// The documents are built from the legacy `APIResourceList`s (`Discovery.resourceList`), so
/// both forms always describe the same resources.
enum AggregatedDiscovery {
    /// The media type versions served, newest first.
    static let versions = ["v2", "v2beta1"]

    /// The aggregated version `accept` asks for (nil when it asks for the legacy documents).
    /// Clients list the aggregated types first and plain `application/json` last; the first
    /// acceptable entry wins.
    static func requestedVersion(accept: String?) -> String? {
        guard let accept else { return nil }
        for entry in accept.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingSpaces }
            guard parts.first == "application/json" else { continue }
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { String($0) }
                if pair.count == 2 { parameters[pair[0]] = pair[1] }
            }
            if parameters.isEmpty { return nil }
            if parameters["g"] == "apidiscovery.k8s.io", parameters["as"] == "APIGroupDiscoveryList",
               let version = parameters["v"], versions.contains(version) {
                return version
            }
        }
        return nil
    }

    /// The response media type for an aggregated document of `version`.
    static func contentType(_ version: String) -> String {
        "application/json;g=apidiscovery.k8s.io;v=\(version);as=APIGroupDiscoveryList"
    }

    /// `/api` (`core: true`) or `/apis` as an `APIGroupDiscoveryList`. The served resources are
    /// fixed for the life of the process, so each document is built once.
    static func document(core: Bool, version: String) -> JSONValue {
        (core ? coreDocuments : groupDocuments)[version] ?? build(core: core, version: version)
    }

    private static let coreDocuments = Dictionary(uniqueKeysWithValues: versions.map { ($0, build(core: true, version: $0)) })
    private static let groupDocuments = Dictionary(uniqueKeysWithValues: versions.map { ($0, build(core: false, version: $0)) })

    /// Builds one document from the legacy resource lists.
    private static func build(core: Bool, version: String) -> JSONValue {
        let groups = core ? [""] : Discovery.groupNames
        let items: [JSONValue] = groups.map { group in
            let versions: [JSONValue] = Discovery.versions(ofGroup: group).map { groupVersion(group: group, version: $0) }
            var metadata: JSONValue = ["creationTimestamp": .null]
            if !group.isEmpty { metadata["name"] = .string(group) }
            return ["metadata": metadata, "versions": .array(versions)]
        }
        return ["kind": "APIGroupDiscoveryList", "apiVersion": .string("apidiscovery.k8s.io/\(version)"),
                "metadata": [:], "items": .array(items)]
    }

    /// One `APIVersionDiscovery`: the group version's resources with their subresources nested.
    private static func groupVersion(group: String, version: String) -> JSONValue {
        let entries = Discovery.resourceList(group: group, version: version)["resources"]?.arrayValue ?? []
        var resources: [JSONValue] = []
        var subresources: [String: [JSONValue]] = [:]
        for entry in entries {
            let name = entry["name"]?.stringValue ?? ""
            let kind = responseKind(entry, group: group, version: version)
            let verbs = entry["verbs"] ?? []
            if let slash = name.firstIndex(of: "/") {
                let parent = String(name[..<slash])
                subresources[parent, default: []].append(
                    ["subresource": .string(String(name[name.index(after: slash)...])), "responseKind": kind, "verbs": verbs])
                continue
            }
            var resource: JSONValue = [
                "resource": .string(name), "responseKind": kind, "verbs": verbs,
                "scope": .string(entry["namespaced"]?.boolValue == true ? "Namespaced" : "Cluster"),
                "singularResource": entry["singularName"] ?? .string(""),
            ]
            if let shortNames = entry["shortNames"] { resource["shortNames"] = shortNames }
            if let categories = entry["categories"] { resource["categories"] = categories }
            resources.append(resource)
        }
        for index in resources.indices {
            if let nested = subresources[resources[index]["resource"]?.stringValue ?? ""] {
                resources[index]["subresources"] = .array(nested)
            }
        }
        return ["version": .string(version), "resources": .array(resources), "freshness": "Current"]
    }

    /// The kind an entry answers with; subresources may name another group (`autoscaling/v1` Scale).
    private static func responseKind(_ entry: JSONValue, group: String, version: String) -> JSONValue {
        ["group": .string(entry["group"]?.stringValue ?? group), "version": .string(entry["version"]?.stringValue ?? version),
         "kind": .string(entry["kind"]?.stringValue ?? "")]
    }
}
