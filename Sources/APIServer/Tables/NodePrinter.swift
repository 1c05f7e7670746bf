import Foundation
import Kernel

/// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE
/// KERNEL-VERSION CONTAINER-RUNTIME.
enum NodePrinter {
    /// The printer.
    static let printer = TablePrinter(columns: [
        .name,
        TableColumn("Status", "The node's Ready condition, and SchedulingDisabled when it is cordoned."),
        TableColumn("Roles", "The roles from the node's node-role.kubernetes.io/* labels."),
        .age,
        TableColumn("Version", "The kubelet version the node reports."),
        TableColumn("Internal-IP", priority: 1, "The node's first InternalIP address."),
        TableColumn("External-IP", priority: 1, "The node's first ExternalIP address."),
        TableColumn("OS-Image", priority: 1, "The operating system image the node reports."),
        TableColumn("Kernel-Version", priority: 1, "The kernel version the node reports."),
        TableColumn("Container-Runtime", priority: 1, "The container runtime and version the node reports."),
    ], cells: cells)

    /// The cells of one node at `now`, wide cells included.
    static func cells(_ node: JSONValue, now: Date) -> [JSONValue] {
        let info = node[path: "status", "nodeInfo"] ?? .null
        func known(_ key: String) -> JSONValue {
            let value = info[key]?.stringValue ?? ""
            return .string(value.isEmpty ? "<unknown>" : value)
        }
        return [
            .string(node.name ?? ""), .string(status(node)), .string(roles(node)),
            .string(HumanDuration.since(node[path: "metadata", "creationTimestamp"], now: now)),
            .string(info["kubeletVersion"]?.stringValue ?? ""),
            .string(address(node, "InternalIP")), .string(address(node, "ExternalIP")),
            known("osImage"), known("kernelVersion"), known("containerRuntimeVersion"),
        ]
    }

    /// "Ready", "NotReady" or "Unknown", with ",SchedulingDisabled" for an unschedulable node.
    static func status(_ node: JSONValue) -> String {
        var parts: [String] = []
        if let ready = TableCells.array(node, "status", "conditions").first(where: { $0["type"] == "Ready" }) {
            parts.append(ready["status"] == "True" ? "Ready" : "NotReady")
        } else {
            parts.append("Unknown")
        }
        if node[path: "spec", "unschedulable"]?.boolValue == true { parts.append("SchedulingDisabled") }
        return parts.joined(separator: ",")
    }

    /// The sorted roles from node-role.kubernetes.io/ROLE labels and kubernetes.io/role; "<none>".
    static func roles(_ node: JSONValue) -> String {
        var roles = Set<String>()
        for (key, value) in node.labels {
            if key.hasPrefix("node-role.kubernetes.io/") {
                let role = String(key.dropFirst("node-role.kubernetes.io/".count))
                if !role.isEmpty { roles.insert(role) }
            } else if key == "kubernetes.io/role", !value.isEmpty {
                roles.insert(value)
            }
        }
        return TableCells.orNone(roles.sorted().joined(separator: ","))
    }

    private static func address(_ node: JSONValue, _ type: String) -> String {
        let match = TableCells.array(node, "status", "addresses").first { $0["type"] == .string(type) }
        return TableCells.orNone(match?["address"]?.stringValue ?? "")
    }
}

/// `kubectl get namespaces`: NAME STATUS AGE.
enum NamespacePrinter {
    /// The printer.
    static let printer = TablePrinter(columns: [
        .name,
        TableColumn("Status", "The namespace's phase: Active or Terminating."),
        .age,
    ]) { namespace, now in
        [.string(namespace.name ?? ""), .string(TableCells.string(namespace, "status", "phase")),
         .string(HumanDuration.since(namespace[path: "metadata", "creationTimestamp"], now: now))]
    }
}
