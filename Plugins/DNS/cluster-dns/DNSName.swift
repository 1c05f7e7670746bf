/// A domain name as DNS carries it: a sequence of labels of raw bytes, the root (empty label)
/// left implicit. Two names are equal when their labels match ignoring ASCII case (RFC 4343),
/// so a name can key a dictionary while keeping the spelling it arrived with.
struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, most specific first; `[]` is the root.
    let labels: [[UInt8]]

    /// The longest label on the wire (RFC 1035 §2.3.4).
    static let maxLabelLength = 63
    /// The longest name on the wire, length octets and the root included (RFC 1035 §2.3.4).
    static let maxWireLength = 255

    /// The root name, ".".
    static let root = DNSName(uncheckedLabels: [])

    /// Wraps labels already known to be valid (lengths 1...63, total at most 255 bytes).
    init(uncheckedLabels labels: [[UInt8]]) {
        self.labels = labels
    }

    /// Validates labels: none empty or longer than 63 bytes, the whole name at most 255 bytes.
    init?(labels: [[UInt8]]) {
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= Self.maxLabelLength }) else { return nil }
        self.init(uncheckedLabels: labels)
        guard wireLength <= Self.maxWireLength else { return nil }
    }

    /// Parses dotted text, "web.default.svc.cluster.local" (a trailing dot is allowed; "." and
    /// "" are the root). Nil for an empty label, a label over 63 bytes or a name over 255.
    init?(_ text: String) {
        var trimmed = Substring(text)
        if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        if trimmed.isEmpty {
            self.init(uncheckedLabels: [])
            return
        }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        self.init(labels: parts.map { Array($0.utf8) })
    }

    /// The bytes the name takes on the wire without compression.
    var wireLength: Int { labels.reduce(1) { $0 + $1.count + 1 } }

    /// The name with one more label in front, nil when that makes it invalid.
    func prepending(_ label: String) -> DNSName? {
        DNSName(labels: [Array(label.utf8)] + labels)
    }

    /// The name below `self` made of `labels` followed by this name, nil when invalid.
    func prepending(labels more: [[UInt8]]) -> DNSName? {
        DNSName(labels: more + labels)
    }

    /// The name without its first `count` labels.
    func dropping(_ count: Int) -> DNSName {
        DNSName(uncheckedLabels: Array(labels.dropFirst(count)))
    }

    /// Whether this name is `zone` or a name below it.
    func isInside(_ zone: DNSName) -> Bool {
        guard labels.count >= zone.labels.count else { return false }
        return dropping(labels.count - zone.labels.count) == zone
    }

    /// The labels in front of `zone` (lowercased), or nil when the name is not inside it.
    func relativeLabels(to zone: DNSName) -> [String]? {
        guard isInside(zone) else { return nil }
        return labels.prefix(labels.count - zone.labels.count).map {
            String(decoding: $0.map(Self.lowercase), as: UTF8.self)
        }
    }

    /// The first label as lowercased text.
    var firstLabel: String? {
        labels.first.map { String(decoding: $0.map(Self.lowercase), as: UTF8.self) }
    }

    static func == (lhs: DNSName, rhs: DNSName) -> Bool {
        guard lhs.labels.count == rhs.labels.count else { return false }
        for (left, right) in zip(lhs.labels, rhs.labels) {
            guard left.count == right.count else { return false }
            for (a, b) in zip(left, right) where lowercase(a) != lowercase(b) { return false }
        }
        return true
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(labels.count)
        for label in labels {
            hasher.combine(label.count)
            for byte in label { hasher.combine(Self.lowercase(byte)) }
        }
    }

    /// Dotted text with a trailing dot; dots, backslashes and unprintable bytes inside a label
    /// are escaped as in zone files (`\.`, `\\`, `\DDD`).
    var description: String {
        if labels.isEmpty { return "." }
        var text = ""
        for label in labels {
            for byte in label {
                switch byte {
                case UInt8(ascii: "."), UInt8(ascii: "\\"):
                    text += "\\" + String(UnicodeScalar(byte))
                case 0x21...0x7E:
                    text += String(UnicodeScalar(byte))
                default:
                    let digits = String(byte)
                    text += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
                }
            }
            text += "."
        }
        return text
    }

    /// ASCII lowercase of one byte; other bytes unchanged (RFC 4343).
    static func lowercase(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
    }
}
