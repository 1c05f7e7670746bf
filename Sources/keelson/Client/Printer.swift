import Foundation
import Kernel
import Yams

/// Prints objects the way kubectl users read them: tables with each kind's usual columns, or
/// JSON, YAML or `kind/name`.
enum Printer {
    enum Format: String, CaseIterable {
        case table, wide, json, yaml, name
    }

    static func print(_ items: [JSONValue], type: ResourceType, format: Format, allNamespaces: Bool) throws {
        switch format {
        case .json:
            let value: JSONValue = items.count == 1 ? items[0] : ["apiVersion": "v1", "kind": "List", "items": .array(items), "metadata": ["resourceVersion": ""]]
            Swift.print(String(decoding: value.serialized(pretty: true), as: UTF8.self))
        case .yaml:
            let value: JSONValue = items.count == 1 ? items[0] : ["apiVersion": "v1", "kind": "List", "items": .array(items)]
            Swift.print(try Yams.dump(object: plain(value), sortKeys: true), terminator: "")
        case .name:
            for item in items { Swift.print("\(type.resource)\(type.group.isEmpty ? "" : ".\(type.group)")/\(item.name ?? "")") }
        case .table, .wide:
            if items.isEmpty {
                Swift.print("No resources found.")
                return
            }
            var (header, rows) = columns(type, items, wide: format == .wide)
            if allNamespaces && type.namespaced {
                header.insert("NAMESPACE", at: 0)
                for index in rows.indices { rows[index].insert(items[index].namespace ?? "", at: 0) }
            }
            table([header] + rows)
        }
    }

    private static func columns(_ type: ResourceType, _ items: [JSONValue], wide: Bool) -> ([String], [[String]]) {
        switch type {
        case .pods:
            var header = ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
            if wide { header += ["IP", "NODE"] }
            return (header, items.map { pod in
                let statuses = pod[path: "status", "containerStatuses"]?.arrayValue ?? []
                let total = pod[path: "spec", "containers"]?.arrayValue?.count ?? statuses.count
                let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
                let restarts = statuses.reduce(0) { $0 + Int($1["restartCount"]?.intValue ?? 0) }
                let waiting = statuses.compactMap { $0[path: "state", "waiting", "reason"]?.stringValue }.first
                var row = [pod.name ?? "", "\(ready)/\(total)", waiting ?? pod[path: "status", "phase"]?.stringValue ?? "Unknown", "\(restarts)", age(pod)]
                if wide { row += [pod[path: "status", "podIP"]?.stringValue ?? "<none>", pod[path: "spec", "nodeName"]?.stringValue ?? "<none>"] }
                return row
            })
        case .nodes:
            var header = ["NAME", "STATUS", "ROLES", "AGE", "VERSION"]
            if wide { header += ["INTERNAL-IP", "CONTAINER-RUNTIME"] }
            return (header, items.map { node in
                let ready = node[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == "Ready" }
                var status = ready?["status"]?.stringValue == "True" ? "Ready" : "NotReady"
                if node[path: "spec", "unschedulable"]?.boolValue == true { status += ",SchedulingDisabled" }
                var row = [node.name ?? "", status, "<none>", age(node), node[path: "status", "nodeInfo", "kubeletVersion"]?.stringValue ?? ""]
                if wide {
                    let ip = node[path: "status", "addresses"]?.arrayValue?.first { $0["type"]?.stringValue == "InternalIP" }?["address"]?.stringValue
                    row += [ip ?? "<none>", node[path: "status", "nodeInfo", "containerRuntimeVersion"]?.stringValue ?? ""]
                }
                return row
            })
        case .services:
            return (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], items.map { service in
                let ports = (service[path: "spec", "ports"]?.arrayValue ?? []).map { port in
                    "\(port["port"]?.intValue ?? 0)\(port["nodePort"]?.intValue.map { ":\($0)" } ?? "")/\(port["protocol"]?.stringValue ?? "TCP")"
                }
                let external = service[path: "status", "loadBalancer", "ingress"]?.arrayValue?.compactMap { $0["ip"]?.stringValue ?? $0["hostname"]?.stringValue }
                return [service.name ?? "", service[path: "spec", "type"]?.stringValue ?? "ClusterIP",
                        service[path: "spec", "clusterIP"]?.stringValue ?? "<none>",
                        external.map { $0.isEmpty ? "<none>" : $0.joined(separator: ",") } ?? "<none>",
                        ports.isEmpty ? "<none>" : ports.joined(separator: ","), age(service)]
            })
        case .deployments:
            return (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], items.map { deployment in
                let count = { (key: String) in deployment[path: "status", key]?.intValue ?? 0 }
                return [deployment.name ?? "", "\(count("readyReplicas"))/\(deployment[path: "spec", "replicas"]?.intValue ?? 1)",
                        "\(count("updatedReplicas"))", "\(count("availableReplicas"))", age(deployment)]
            })
        case .replicaSets:
            return (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], items.map { set in
                [set.name ?? "", "\(set[path: "spec", "replicas"]?.intValue ?? 1)", "\(set[path: "status", "replicas"]?.intValue ?? 0)",
                 "\(set[path: "status", "readyReplicas"]?.intValue ?? 0)", age(set)]
            })
        case .endpoints:
            return (["NAME", "ENDPOINTS", "AGE"], items.map { endpoints in
                let addresses = (endpoints["subsets"]?.arrayValue ?? []).flatMap { subset in
                    let ports = subset["ports"]?.arrayValue?.compactMap { $0["port"]?.intValue } ?? []
                    return (subset["addresses"]?.arrayValue ?? []).flatMap { address in
                        ports.isEmpty ? [address["ip"]?.stringValue ?? ""] : ports.map { "\(address["ip"]?.stringValue ?? ""):\($0)" }
                    }
                }
                return [endpoints.name ?? "", addresses.isEmpty ? "<none>" : addresses.joined(separator: ","), age(endpoints)]
            })
        default:
            return (["NAME", "AGE"], items.map { [$0.name ?? "", age($0)] })
        }
    }

    /// kubectl's short age: 45s, 3m, 2h, 5d.
    static func age(_ object: JSONValue, now: Date = Date()) -> String {
        guard let text = object[path: "metadata", "creationTimestamp"]?.stringValue,
            let created = KubeTime.parse(text)
        else { return "<unknown>" }
        let seconds = max(0, Int(now.timeIntervalSince(created)))
        switch seconds {
        case ..<120: return "\(seconds)s"
        case ..<(120 * 60): return "\(seconds / 60)m"
        case ..<(48 * 3600): return "\(seconds / 3600)h"
        default: return "\(seconds / 86400)d"
        }
    }

    static func table(_ rows: [[String]]) {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (index, cell) in row.enumerated() {
                if index >= widths.count { widths.append(0) }
                widths[index] = max(widths[index], cell.count)
            }
        }
        for row in rows {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index] + 3, withPad: " ", startingAt: 0)
            }.joined()
            Swift.print(line)
        }
    }

    /// A JSON document as plain Foundation values, for Yams.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .int(let number): return Int(number)
        case .double(let number): return number
        case .string(let text): return text
        case .array(let items): return items.map(plain)
        case .object(let members): return members.mapValues(plain)
        }
    }
}
