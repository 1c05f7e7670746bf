import Foundation
import Kernel

/// EndpointSlices (discovery.k8s.io/v1): an immutable address type (IPv4, IPv6 or FQDN), each
/// endpoint with 1 to 100 addresses of that type, and ports with unique names, a protocol
/// (default TCP) and numbers in range. Slices name their Service in the
/// `kubernetes.io/service-name` label.
struct EndpointSliceAdmission: KindAdmission {
    var hasStatusSubresource: Bool { false }

    /// The label naming the Service a slice belongs to.
    static let serviceNameLabel = "kubernetes.io/service-name"
    static let addressTypes = ["IPv4", "IPv6", "FQDN"]
    static let protocols = ["TCP", "UDP", "SCTP"]

    func applyDefaults(_ object: inout JSONValue) {
        guard var ports = object["ports"]?.arrayValue else { return }
        for index in ports.indices where ports[index].objectValue != nil {
            PodSpecDefaults.setIfAbsent(&ports[index], "protocol", "TCP")
            PodSpecDefaults.setIfAbsent(&ports[index], "name", "")
        }
        object["ports"] = .array(ports)
    }

    func validate(_ object: JSONValue) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let addressType = object["addressType"]?.stringValue ?? ""
        if addressType.isEmpty {
            causes.append(.required("addressType"))
        } else if !Self.addressTypes.contains(addressType) {
            causes.append(.notSupported("addressType", .string(addressType), Self.addressTypes))
        }
        let endpoints = object["endpoints"]?.arrayValue ?? []
        if endpoints.count > 1000 {
            causes.append(.init(type: "FieldValueTooMany", field: "endpoints", message: "Too many: \(endpoints.count): must have at most 1000 items"))
        }
        for (index, endpoint) in endpoints.enumerated() {
            causes += endpointCauses(endpoint, at: "endpoints[\(index)]", addressType: addressType)
        }
        var names: Set<String> = []
        for (index, port) in (object["ports"]?.arrayValue ?? []).enumerated() {
            let at = "ports[\(index)]"
            let name = port["name"]?.stringValue ?? ""
            if !name.isEmpty {
                causes += NameValidation.labelProblems(name).map { .invalid("\(at).name", .string(name), $0) }
            }
            if !names.insert(name).inserted { causes.append(.duplicate("\(at).name", .string(name))) }
            let proto = port["protocol"]?.stringValue ?? ""
            if proto.isEmpty {
                causes.append(.required("\(at).protocol"))
            } else if !Self.protocols.contains(proto) {
                causes.append(.notSupported("\(at).protocol", .string(proto), Self.protocols))
            }
            if let number = port["port"], !number.isNull, !(1...65535).contains(number.intValue ?? 0) {
                causes.append(.invalid("\(at).port", number, "must be between 1 and 65535, inclusive"))
            }
        }
        return causes
    }

    private func endpointCauses(_ endpoint: JSONValue, at path: String, addressType: String) -> [APIError.Cause] {
        var causes: [APIError.Cause] = []
        let addresses = endpoint["addresses"]?.arrayValue ?? []
        if addresses.isEmpty {
            causes.append(.required("\(path).addresses", "must contain at least 1 address"))
        } else if addresses.count > 100 {
            causes.append(.init(type: "FieldValueTooMany", field: "\(path).addresses", message: "Too many: \(addresses.count): must have at most 100 items"))
        }
        for (index, address) in addresses.enumerated() {
            let text = address.stringValue ?? ""
            let field = "\(path).addresses[\(index)]"
            switch addressType {
            case "IPv4" where !Self.isIPv4(text):
                causes.append(.invalid(field, address, "must be a valid IPv4 address"))
            case "IPv6" where !Self.isIPv6(text):
                causes.append(.invalid(field, address, "must be a valid IPv6 address"))
            case "FQDN":
                causes += NameValidation.subdomainProblems(text).map { .invalid(field, address, $0) }
            default:
                break
            }
        }
        if let node = endpoint["nodeName"]?.stringValue, !node.isEmpty {
            causes += NameValidation.subdomainProblems(node).map { .invalid("\(path).nodeName", .string(node), $0) }
        }
        if let hostname = endpoint["hostname"]?.stringValue, !hostname.isEmpty {
            causes += NameValidation.labelProblems(hostname).map { .invalid("\(path).hostname", .string(hostname), $0) }
        }
        return causes
    }

    func validateUpdate(old: JSONValue, new: JSONValue) -> [APIError.Cause] {
        old["addressType"] == new["addressType"] ? [] : [.immutable("addressType", new["addressType"] ?? .null)]
    }

    /// Dotted-quad IPv4 without leading zeros.
    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let value = Int(part), value <= 255 else { return false }
            return part == "0" || !part.hasPrefix("0")
        }
    }

    /// An IPv6 address as inet_pton reads it.
    static func isIPv6(_ text: String) -> Bool {
        var buffer = in6_addr()
        return text.contains(":") && inet_pton(AF_INET6, text, &buffer) == 1
    }
}
