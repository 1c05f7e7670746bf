import Foundation

/// The `format` values the validator checks. Other formats are annotations, as draft 2020-12 says
/// by default, and are not checked.
enum JSONSchemaFormats {
    /// The formats that are checked and how an expectation reads: `ipv4` → "an IPv4 address such as 127.0.0.1".
    static let phrases: [String: String] = [
        "ipv4": "an IPv4 address such as 127.0.0.1",
        "cidr": "an IPv4 CIDR such as 127.244.0.0/16",
        "ipv4-cidr": "an IPv4 CIDR such as 127.244.0.0/16",
        "hostname": "a hostname such as node-1.cluster.local",
        "host-port": "host:port such as 127.0.0.1:10053",
        "hostname-port": "host:port such as 127.0.0.1:10053",
        "duration": "a duration such as 10s, 1m30s or 500ms",
        "regex": "a regular expression",
        "uri": "a URI such as http://127.0.0.1:2379",
    ]

    /// Whether `format` is one of the checked ones.
    static func isChecked(_ format: String) -> Bool { phrases[format] != nil }

    /// Whether `text` satisfies `format` (true for formats that are not checked).
    static func accepts(_ text: String, format: String) -> Bool {
        switch format {
        case "ipv4": return IPv4Address(text) != nil
        case "cidr", "ipv4-cidr": return (try? IPv4CIDR(parsing: text)) != nil
        case "hostname": return isHostname(text)
        case "host-port", "hostname-port":
            guard let hostPort = HostPort(text) else { return false }
            return IPv4Address(hostPort.host) != nil || isHostname(hostPort.host)
        case "duration": return isDuration(text)
        case "regex": return (try? NSRegularExpression(pattern: text)) != nil
        case "uri":
            guard let url = URL(string: text), let scheme = url.scheme, !scheme.isEmpty else { return false }
            return true
        default: return true
        }
    }

    /// An RFC 1123 hostname: dot-separated labels of letters, digits and '-', at most 253 characters.
    static func isHostname(_ text: String) -> Bool {
        !text.isEmpty && KubernetesNames.dnsSubdomainProblem(text.lowercased()) == nil
    }

    /// A Go-style duration: one or more number+unit pairs, units ns, us, µs, ms, s, m, h ("0" alone is allowed).
    static func isDuration(_ text: String) -> Bool {
        if text == "0" { return true }
        var rest = Substring(text)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return false }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        while !rest.isEmpty {
            let whole = rest.prefix(while: isDigit).count
            rest = rest.dropFirst(whole)
            var fraction = 0
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: isDigit).count
                rest = rest.dropFirst(fraction)
            }
            guard whole + fraction > 0 else { return false }
            guard let unit = ["ns", "us", "µs", "ms", "s", "m", "h"].first(where: { rest.hasPrefix($0) && !(($0 == "m") && rest.hasPrefix("ms")) }) else {
                return false
            }
            rest = rest.dropFirst(unit.count)
        }
        return true
    }
}
