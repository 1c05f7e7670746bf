import Kernel

/// Validation of a pod spec's `dnsConfig` against its `dnsPolicy`, as Kubernetes validates it:
/// `None` needs a dnsConfig with at least one nameserver; at most 3 nameservers (IP addresses),
/// 32 search domains (DNS-1123 subdomains, a trailing dot allowed) and 2048 characters in the
/// search list; every option has a name.
enum PodDNSConfigValidation {
    /// Kubernetes' `MaxDNSNameservers`.
    static let maxNameservers = 3
    /// Kubernetes' `MaxDNSSearchPaths`.
    static let maxSearchPaths = 32
    /// Kubernetes' `MaxDNSSearchListChars` (spaces included).
    static let maxSearchListChars = 2048

    /// Field errors of `spec` (a pod spec at `path`).
    static func validate(_ spec: JSONValue, path: String) -> [APIError.Cause] {
        let field = "\(path).dnsConfig"
        let config = spec["dnsConfig"].flatMap { $0.isNull ? nil : $0 }
        let nameservers = config?["nameservers"]?.arrayValue ?? []
        if spec["dnsPolicy"]?.stringValue == "None" {
            guard config != nil else { return [.required(field, "must provide `dnsConfig` when `dnsPolicy` is None")] }
            if nameservers.isEmpty {
                return [.required("\(field).nameservers", "must provide at least one DNS nameserver when `dnsPolicy` is None")]
            }
        }
        guard let config else { return [] }
        var causes: [APIError.Cause] = []
        if nameservers.count > maxNameservers {
            causes.append(.invalid("\(field).nameservers", .array(nameservers), "must not have more than \(maxNameservers) nameservers"))
        }
        for (index, server) in nameservers.enumerated() where !isIPAddress(server.stringValue ?? "") {
            causes.append(.invalid("\(field).nameservers[\(index)]", server, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"))
        }
        let searches = config["searches"]?.arrayValue ?? []
        if searches.count > maxSearchPaths {
            causes.append(.invalid("\(field).searches", .array(searches), "must not have more than \(maxSearchPaths) search paths"))
        }
        if searches.compactMap(\.stringValue).joined(separator: " ").count > maxSearchListChars {
            causes.append(.invalid("\(field).searches", .array(searches),
                                   "must not have more than \(maxSearchListChars) characters (including spaces) in the search list"))
        }
        for (index, search) in searches.enumerated() {
            var name = search.stringValue ?? ""
            if name.hasSuffix(".") { name.removeLast() }
            causes += NameValidation.subdomainProblems(name).map { .invalid("\(field).searches[\(index)]", .string(name), $0) }
        }
        for (index, option) in (config["options"]?.arrayValue ?? []).enumerated() where (option["name"]?.stringValue ?? "").isEmpty {
            causes.append(.required("\(field).options[\(index)]", "must not be empty"))
        }
        return causes
    }

    /// Whether `text` is an IPv4 or IPv6 address.
    private static func isIPAddress(_ text: String) -> Bool {
        IPv4Address(text) != nil || EndpointSliceAdmission.isIPv6(text)
    }
}
