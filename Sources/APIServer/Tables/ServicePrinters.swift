import Foundation
import Kernel

/// The service networking kinds: services, endpoints and endpoint slices.
enum ServicePrinters {
    /// NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR.
    static let services = TablePrinter(columns: [
        .name,
        TableColumn("Type", "How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName."),
        TableColumn("Cluster-IP", "The virtual IP of the service inside the cluster."),
        TableColumn("External-IP", "Addresses the service is reachable at from outside the cluster."),
        TableColumn("Port(s)", "The service's ports as port[:nodePort]/protocol."),
        .age,
        TableColumn("Selector", priority: 1, "The pod labels the service routes to."),
    ]) { service, now in
        let clusterIPs = TableCells.array(service, "spec", "clusterIPs").compactMap(\.stringValue)
        let clusterIP = clusterIPs.first ?? TableCells.string(service, "spec", "clusterIP")
        return [
            .string(service.name ?? ""), .string(type(service)), .string(TableCells.orNone(clusterIP)),
            .string(externalIP(service)), .string(TableCells.orNone(ports(service))),
            .string(HumanDuration.since(service[path: "metadata", "creationTimestamp"], now: now)),
            .string(TableCells.labels(service[path: "spec", "selector"])),
        ]
    }

    /// NAME ENDPOINTS AGE.
    static let endpoints = TablePrinter(columns: [
        .name,
        TableColumn("Endpoints", "The ready addresses and ports behind the service."),
        .age,
    ]) { endpoints, now in
        [.string(endpoints.name ?? ""), .string(endpointList(endpoints)),
         .string(HumanDuration.since(endpoints[path: "metadata", "creationTimestamp"], now: now))]
    }

    /// NAME ADDRESSTYPE PORTS ENDPOINTS AGE.
    static let endpointSlices = TablePrinter(columns: [
        .name,
        TableColumn("AddressType", "The type of address the slice carries: IPv4, IPv6 or FQDN."),
        TableColumn("Ports", "The ports of the slice."),
        TableColumn("Endpoints", "The addresses of the slice's endpoints."),
        .age,
    ]) { slice, now in
        let ports = TableCells.array(slice, "ports").map { port -> String in
            if let number = port["port"]?.intValue { return String(number) }
            return port["name"]?.stringValue ?? "*"
        }
        let addresses = TableCells.array(slice, "endpoints").flatMap { ($0["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) }
        return [
            .string(slice.name ?? ""), .string(TableCells.string(slice, "addressType")),
            .string(TableCells.abbreviated(ports, empty: "<unset>")), .string(TableCells.abbreviated(addresses, empty: "<unset>")),
            .string(HumanDuration.since(slice[path: "metadata", "creationTimestamp"], now: now)),
        ]
    }

    /// The service type; ClusterIP when unset.
    static func type(_ service: JSONValue) -> String {
        let type = TableCells.string(service, "spec", "type")
        return type.isEmpty ? "ClusterIP" : type
    }

    /// The EXTERNAL-IP cell as Kubernetes words it for each service type.
    static func externalIP(_ service: JSONValue) -> String {
        let externalIPs = TableCells.array(service, "spec", "externalIPs").compactMap(\.stringValue)
        switch type(service) {
        case "ClusterIP", "NodePort":
            return TableCells.orNone(externalIPs.joined(separator: ","))
        case "LoadBalancer":
            let ingress = TableCells.array(service, "status", "loadBalancer", "ingress").compactMap { entry -> String? in
                let ip = entry["ip"]?.stringValue ?? ""
                return ip.isEmpty ? entry["hostname"]?.stringValue : ip
            }.filter { !$0.isEmpty }
            let all = ingress + externalIPs
            return all.isEmpty ? "<pending>" : all.joined(separator: ",")
        case "ExternalName":
            return TableCells.string(service, "spec", "externalName")
        default:
            return "<unknown>"
        }
    }

    /// "80/TCP,443:30443/TCP"; "" when the service has no ports.
    static func ports(_ service: JSONValue) -> String {
        TableCells.array(service, "spec", "ports").map { port in
            let number = port["port"]?.intValue ?? 0
            let proto = port["protocol"]?.stringValue ?? "TCP"
            if let nodePort = port["nodePort"]?.intValue, nodePort > 0 { return "\(number):\(nodePort)/\(proto)" }
            return "\(number)/\(proto)"
        }.joined(separator: ",")
    }

    /// "10.0.0.1:80,10.0.0.2:80 + 3 more..." over the ready addresses of every subset; "<none>".
    static func endpointList(_ endpoints: JSONValue) -> String {
        var entries: [String] = []
        for subset in TableCells.array(endpoints, "subsets") {
            let addresses = (subset["addresses"]?.arrayValue ?? []).map { $0["ip"]?.stringValue ?? "" }
            let ports = subset["ports"]?.arrayValue ?? []
            if ports.isEmpty {
                entries += addresses
                continue
            }
            for port in ports {
                let number = port["port"]?.intValue ?? 0
                entries += addresses.map { $0.contains(":") ? "[\($0)]:\(number)" : "\($0):\(number)" }
            }
        }
        return TableCells.abbreviated(entries, empty: "<none>")
    }
}
