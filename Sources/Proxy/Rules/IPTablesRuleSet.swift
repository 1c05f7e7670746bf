/// A set of iptables tables, chains and rules, printed in `iptables-save`'s layout: per table the
/// built-in chains with their policies, then the user chains in name order, then every rule
/// grouped by chain in that same order, then `COMMIT`. The text parses with `iptables-restore`.
public struct IPTablesRuleSet: Sendable, Equatable {
    /// One table (`filter`, `nat`).
    public struct Table: Sendable, Equatable {
        /// The table's name.
        public var name: String
        /// The built-in chains the rules hook into, in iptables' order.
        public var builtinChains: [String]
        /// The user chains (declared with `-` as policy).
        public private(set) var userChains: Set<String> = []
        /// The rules of each chain, in order, as the text after `-A CHAIN `.
        public private(set) var rulesByChain: [String: [String]] = [:]

        /// Creates an empty table.
        public init(name: String, builtinChains: [String]) {
            self.name = name
            self.builtinChains = builtinChains
        }

        /// Declares a user chain (declaring twice is harmless).
        public mutating func declare(_ chain: String) {
            if !builtinChains.contains(chain) { userChains.insert(chain) }
        }

        /// Appends a rule to `chain`, declaring the chain when it is a user chain.
        public mutating func append(_ chain: String, _ text: String) {
            declare(chain)
            rulesByChain[chain, default: []].append(text)
        }

        /// The rules of one chain, in order.
        public func rules(in chain: String) -> [String] { rulesByChain[chain] ?? [] }
    }

    /// The tables, in printing order.
    public var tables: [Table]
    /// The comment printed before each table (without the leading `# `).
    public var header: String

    /// Creates a rule set.
    public init(tables: [Table], header: String) {
        self.tables = tables
        self.header = header
    }

    /// The `iptables-save` text.
    public var text: String {
        var lines: [String] = []
        for table in tables {
            lines.append("# \(header)")
            lines.append("*\(table.name)")
            let userChains = table.userChains.sorted()
            lines += table.builtinChains.map { ":\($0) ACCEPT [0:0]" }
            lines += userChains.map { ":\($0) - [0:0]" }
            for chain in table.builtinChains + userChains {
                lines += table.rules(in: chain).map { "-A \(chain) \($0)" }
            }
            lines.append("COMMIT")
            lines.append("# Completed")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
