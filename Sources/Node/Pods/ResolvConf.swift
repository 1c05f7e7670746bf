import Foundation

/// A resolver configuration as the kubelet reads the node's resolv.conf: `nameserver` lines
/// accumulate, the last `search` line wins (trailing dots trimmed, `.` dropped), `options`
/// accumulate with a later option of the same name replacing the earlier one. Comments (`#`,
/// `;`) and other lines (`domain`, `sortlist`) are ignored.
struct ResolvConf: Sendable, Equatable {
    /// The `nameserver` addresses in order.
    var nameservers: [String]
    /// The search domains.
    var searches: [String]
    /// The options (`ndots:5`, `edns0`).
    var options: [String]

    /// Kubernetes reads at most this much of the file.
    static let maxLength = 10 * 1024 * 1024

    /// Parses resolv.conf text.
    init(parsing text: String) {
        nameservers = []
        searches = []
        options = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let fields = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let keyword = fields.first else { continue }
            let rest = Array(fields.dropFirst())
            switch keyword {
            case "nameserver":
                if let address = rest.first { nameservers.append(address) }
            case "search":
                searches = rest.filter { $0 != "." }.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 }
            case "options":
                options = Self.merge(options, rest)
            default:
                continue
            }
        }
    }

    /// A configuration from its parts.
    init(nameservers: [String], searches: [String], options: [String]) {
        self.nameservers = nameservers
        self.searches = searches
        self.options = options
    }

    /// The file at `path`, parsed; an unreadable file gives an empty configuration (the pods
    /// then get no nameserver from the node, as when the node's file is empty).
    static func read(path: String) -> ResolvConf {
        guard let data = FileManager.default.contents(atPath: path) else {
            return ResolvConf(nameservers: [], searches: [], options: [])
        }
        return ResolvConf(parsing: String(decoding: data.prefix(maxLength), as: UTF8.self))
    }

    /// `existing` with `added` merged in: an option whose name (the part before `:`) is already
    /// there replaces it in place, others are appended.
    static func merge(_ existing: [String], _ added: [String]) -> [String] {
        var result = existing
        for option in added {
            let name = optionName(option)
            if let index = result.firstIndex(where: { optionName($0) == name }) {
                result[index] = option
            } else {
                result.append(option)
            }
        }
        return result
    }

    private static func optionName(_ option: String) -> Substring {
        option.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? Substring(option)
    }
}
