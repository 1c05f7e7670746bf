import Foundation
import Kernel

/// Ingresses and IngressClasses, with kubectl's columns.
enum IngressPrinters {
    /// NAME CLASS HOSTS ADDRESS PORTS AGE.
    static let ingresses = TablePrinter(columns: [
        .name,
        TableColumn("Class", "The IngressClass of the ingress."),
        TableColumn("Hosts", "The hosts its rules match."),
        TableColumn("Address", "The addresses of its load balancer."),
        TableColumn("Ports", "The ports it serves: 80, and 443 with TLS."),
        .age,
    ]) { ingress, now in
        let hosts = TableCells.array(ingress, "spec", "rules").compactMap { rule -> String? in
            let host = rule["host"]?.stringValue ?? ""
            return host.isEmpty ? nil : host
        }
        let addresses = TableCells.array(ingress, "status", "loadBalancer", "ingress").compactMap { entry -> String? in
            let ip = entry["ip"]?.stringValue ?? ""
            return ip.isEmpty ? entry["hostname"]?.stringValue : ip
        }
        return [
            .string(ingress.name ?? ""),
            .string(TableCells.orNone(TableCells.string(ingress, "spec", "ingressClassName"))),
            .string(TableCells.abbreviated(hosts, empty: "*")),
            .string(addresses.joined(separator: ",")),
            .string(TableCells.array(ingress, "spec", "tls").isEmpty ? "80" : "80, 443"),
            .string(HumanDuration.since(ingress[path: "metadata", "creationTimestamp"], now: now)),
        ]
    }

    /// NAME CONTROLLER PARAMETERS AGE.
    static let ingressClasses = TablePrinter(columns: [
        .name,
        TableColumn("Controller", "The controller that implements the class."),
        TableColumn("Parameters", "The object holding the controller's parameters."),
        .age,
    ]) { ingressClass, now in
        var parameters = "<none>"
        if let reference = ingressClass[path: "spec", "parameters"], !reference.isNull {
            let group = reference["apiGroup"]?.stringValue ?? ""
            let kind = reference["kind"]?.stringValue ?? ""
            parameters = "\(group.isEmpty ? kind : "\(kind).\(group)")/\(reference["name"]?.stringValue ?? "")"
        }
        return [
            .string(ingressClass.name ?? ""), .string(TableCells.string(ingressClass, "spec", "controller")), .string(parameters),
            .string(HumanDuration.since(ingressClass[path: "metadata", "creationTimestamp"], now: now)),
        ]
    }
}
