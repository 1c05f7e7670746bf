import Kernel

/// A container's environment as the kubelet builds it: `env` in order, each value able to refer
/// to earlier ones as `$(NAME)`, and `fieldRef`s to the pod's own fields. (`envFrom`,
/// `resourceFieldRef`, `configMapKeyRef` and `secretKeyRef` are issue-4 work and slot in here.)
struct ContainerEnvironment {
    let pod: PodView
    let podIPs: [String]
    let hostIP: String
    let nodeName: String

    /// The variables, in order, as (name, value).
    func variables(for container: ContainerSpec) -> [(String, String)] {
        var result: [(String, String)] = []
        var known: [String: String] = [:]
        for entry in container.json["env"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            let value: String?
            if let literal = entry["value"]?.stringValue {
                value = Self.expand(literal, with: known)
            } else if let path = entry[path: "valueFrom", "fieldRef", "fieldPath"]?.stringValue {
                value = field(path)
            } else {
                value = entry["value"] == nil && entry["valueFrom"] == nil ? "" : nil
            }
            guard let value else { continue }
            known[name] = value
            result.append((name, value))
        }
        return result
    }

    /// `$(VAR)` expansion in command and args: references to defined variables are replaced,
    /// `$$` escapes a dollar, anything else is left as written.
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
