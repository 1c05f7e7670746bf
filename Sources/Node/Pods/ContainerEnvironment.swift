import Kernel

/// A container's environment as the kubelet builds it: first `envFrom` (ConfigMaps and Secrets,
/// each key optionally prefixed; keys that are no valid variable name are skipped with an
/// `InvalidEnvironmentVariableNames` Event), then `env` in order, overriding, each literal value
/// able to refer to variables defined before it as `$(NAME)`, and `valueFrom` with `fieldRef`,
/// `resourceFieldRef`, `configMapKeyRef` and `secretKeyRef`. A missing object or key that is not
/// `optional` fails the container's start with `CreateContainerConfigError`.
struct ContainerEnvironment {
    let pod: PodView
    let podIPs: [String]
    let hostIP: String
    let nodeName: String
    /// The node's allocatable resources, the default for unset limits in `resourceFieldRef`.
    var allocatable: [String: String] = [:]
    /// Where ConfigMaps and Secrets are read.
    var objects: (any EnvironmentObjects)?
    /// The Service variables (`ServiceEnvironment`), first in the environment.
    var serviceVariables: [(String, String)] = []

    /// The variables, in order of first definition, as (name, value), and the warnings
    /// (Event reason, message) the kubelet records about them.
    func build(for container: ContainerSpec) async throws(ContainerConfigError) -> (variables: [(String, String)], warnings: [(String, String)]) {
        var ordered = OrderedVariables()
        for (name, value) in serviceVariables { ordered.set(name, value) }
        var warnings: [(String, String)] = []
        for source in container.json["envFrom"]?.arrayValue ?? [] {
            let prefix = source["prefix"]?.stringValue ?? ""
            let isSecret = source["secretRef"] != nil && source["configMapRef"] == nil
            let reference = source[isSecret ? "secretRef" : "configMapRef"] ?? [:]
            let name = reference["name"]?.stringValue ?? ""
            let optional = reference["optional"]?.boolValue ?? false
            guard let data = try await lookup(secret: isSecret, name: name) else {
                if optional { continue }
                throw ContainerConfigError(message: "\(isSecret ? "secret" : "configmap") \"\(name)\" not found")
            }
            var invalid: [String] = []
            for key in data.keys.sorted() {
                let variable = prefix + key
                guard Self.isValidName(variable) else {
                    invalid.append(variable)
                    continue
                }
                ordered.set(variable, data[key] ?? "")
            }
            if !invalid.isEmpty {
                warnings.append(("InvalidEnvironmentVariableNames",
                                 "Keys [\(invalid.joined(separator: ", "))] from the EnvFrom \(isSecret ? "secret" : "configMap") \(pod.namespace)/\(name) were skipped since they are considered invalid environment variable names."))
            }
        }
        for entry in container.json["env"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            guard let value = try await value(of: entry, container: container, known: ordered.values) else { continue }
            ordered.set(name, value)
        }
        return (ordered.pairs, warnings)
    }

    /// The variables alone (see `build`).
    func variables(for container: ContainerSpec) async throws(ContainerConfigError) -> [(String, String)] {
        try await build(for: container).variables
    }

    /// One `env` entry's value; nil when an optional source is missing (the variable is left out).
    private func value(of entry: JSONValue, container: ContainerSpec, known: [String: String]) async throws(ContainerConfigError) -> String? {
        if let literal = entry["value"]?.stringValue, !literal.isEmpty {
            return Self.expand(literal, with: known)
        }
        guard let source = entry["valueFrom"], source != .null else { return "" }
        if let path = source[path: "fieldRef", "fieldPath"]?.stringValue {
            guard let value = field(path) else { throw ContainerConfigError(message: "unsupported fieldPath: \(path)") }
            return value
        }
        if let reference = source["resourceFieldRef"] {
            var target = container.json
            if let other = reference["containerName"]?.stringValue, !other.isEmpty, other != container.name {
                let all = (pod.spec["containers"]?.arrayValue ?? []) + (pod.spec["initContainers"]?.arrayValue ?? [])
                guard let found = all.first(where: { $0["name"]?.stringValue == other }) else {
                    throw ContainerConfigError(message: "container \(other) not found")
                }
                target = found
            }
            return try ResourceFieldValue.resolve(reference, container: target, allocatable: allocatable).get()
        }
        for (key, isSecret) in [("configMapKeyRef", false), ("secretKeyRef", true)] {
            guard let reference = source[key] else { continue }
            let name = reference["name"]?.stringValue ?? ""
            let item = reference["key"]?.stringValue ?? ""
            let optional = reference["optional"]?.boolValue ?? false
            let kind = isSecret ? "Secret" : "ConfigMap"
            guard let data = try await lookup(secret: isSecret, name: name) else {
                if optional { return nil }
                throw ContainerConfigError(message: "\(kind.lowercased()) \"\(name)\" not found")
            }
            guard let value = data[item] else {
                if optional { return nil }
                throw ContainerConfigError(message: "couldn't find key \(item) in \(kind) \(pod.namespace)/\(name)")
            }
            return value
        }
        return ""
    }

    /// A ConfigMap's data or a Secret's decoded data in the pod's namespace; nil when absent.
    private func lookup(secret: Bool, name: String) async throws(ContainerConfigError) -> [String: String]? {
        let kind = secret ? "secret" : "configmap"
        guard let objects else { throw ContainerConfigError(message: "cannot get \(kind) \(pod.namespace)/\(name): no API client") }
        do {
            return secret
                ? try await objects.secretData(namespace: pod.namespace, name: name)
                : try await objects.configMapData(namespace: pod.namespace, name: name)
        } catch {
            throw ContainerConfigError(message: "\(error)")
        }
    }

    /// Whether `name` may name a variable: printable ASCII other than `=`, not empty (the
    /// relaxed rule Kubernetes 1.32 applies by default).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value <= 126 && $0 != "=" }
    }

    /// `$(VAR)` expansion in values, command and args: references to defined variables are
    /// replaced, `$$` escapes a dollar, anything else (undefined or unclosed references) is left
    /// as written.
    static func expand(_ text: String, with variables: [String: String]) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "$", next < text.endIndex {
                if text[next] == "$" {
                    output.append("$")
                    index = text.index(after: next)
                    continue
                }
                if text[next] == "(", let close = text[next...].firstIndex(of: ")") {
                    let name = String(text[text.index(after: next)..<close])
                    if let value = variables[name] {
                        output += value
                        index = text.index(after: close)
                        continue
                    }
                }
            }
            output.append(character)
            index = next
        }
        return output
    }

    /// A downward-API field: metadata.name/namespace/uid, labels/annotations entries,
    /// spec.nodeName, spec.serviceAccountName, status.podIP(s), status.hostIP(s).
    private func field(_ path: String) -> String? {
        switch path {
        case "metadata.name": return pod.name
        case "metadata.namespace": return pod.namespace
        case "metadata.uid": return pod.uid
        case "spec.nodeName": return nodeName
        case "spec.serviceAccountName": return pod.spec["serviceAccountName"]?.stringValue ?? "default"
        case "status.podIP": return podIPs.first ?? ""
        case "status.podIPs": return podIPs.joined(separator: ",")
        case "status.hostIP", "status.hostIPs": return hostIP
        default:
            for (prefix, key) in [("metadata.labels['", "labels"), ("metadata.annotations['", "annotations")]
            where path.hasPrefix(prefix) && path.hasSuffix("']") {
                let name = String(path.dropFirst(prefix.count).dropLast(2))
                return pod.pod[path: "metadata", key, name]?.stringValue ?? ""
            }
            return nil
        }
    }
}

/// Why a container's configuration could not be made (the `CreateContainerConfigError`
/// waiting reason carries `message`).
struct ContainerConfigError: Error, Equatable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Variables in order of first definition; a later definition replaces the value in place.
private struct OrderedVariables {
    /// The current value of each variable.
    private(set) var values: [String: String] = [:]
    private var names: [String] = []

    /// Defines `name`, or replaces its value where it was first defined.
    mutating func set(_ name: String, _ value: String) {
        if values[name] == nil { names.append(name) }
        values[name] = value
    }

    /// (name, value) in order of first definition.
    var pairs: [(String, String)] { names.map { ($0, values[$0] ?? "") } }
}
