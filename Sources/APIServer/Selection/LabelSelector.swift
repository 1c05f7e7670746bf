import Foundation
import Kernel

/// A label selector in Kubernetes' query syntax, as in
/// `?labelSelector=app=web,tier!=db,env in (prod,qa),!canary,release`: every requirement must
/// hold. Equality (`=`, `==`, `!=`), sets (`in (…)`, `notin (…)`), existence (`key`, `!key`)
/// and numeric comparison (`key>1`, `key<9`).
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// How a requirement compares the label.
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = ""
        case doesNotExist = "!"
        case greaterThan = ">"
        case lessThan = "<"
    }

    /// One requirement on the label `key`. `!=`, `notin` and `!key` also hold when the label is
    /// absent, as in Kubernetes.
    public struct Requirement: Sendable, Hashable {
        /// The label key.
        public let key: String
        /// The comparison.
        public let op: Operator
        /// The values compared against (one for equality and comparisons, none for existence).
        public let values: [String]

        /// Creates an equality requirement: `key` equals (or, when `negated`, differs from) `value`.
        public init(key: String, value: String, negated: Bool = false) {
            self.init(key: key, op: negated ? .notEquals : .equals, values: [value])
        }

        /// Creates a requirement with any operator.
        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values
        }

        /// The single value of an equality requirement ("" otherwise).
        public var value: String { values.first ?? "" }
        /// `!=` (or another negative form) instead of `=`.
        public var negated: Bool { op == .notEquals }
        /// An equality or inequality requirement, the only kinds field selectors allow.
        public var isEquality: Bool { op == .equals || op == .notEquals }

        /// Whether `labels` satisfy the requirement.
        func holds(_ labels: [String: String]) -> Bool {
            let actual = labels[key]
            switch op {
            case .equals: return actual == value
            case .notEquals: return actual != value
            case .in: return actual.map(values.contains) ?? false
            case .notIn: return actual.map { !values.contains($0) } ?? true
            case .exists: return actual != nil
            case .doesNotExist: return actual == nil
            case .greaterThan, .lessThan:
                guard let actual, let number = Int64(actual), let bound = Int64(value) else { return false }
                return op == .greaterThan ? number > bound : number < bound
            }
        }

        /// The requirement in query syntax.
        var text: String {
            switch op {
            case .equals, .notEquals, .greaterThan, .lessThan: return "\(key)\(op.rawValue)\(value)"
            case .in, .notIn: return "\(key) \(op.rawValue) (\(values.joined(separator: ",")))"
            case .exists: return key
            case .doesNotExist: return "!\(key)"
            }
        }
    }

    /// The requirements, all of which must hold.
    public let requirements: [Requirement]

    /// The selector that matches everything.
    public static let everything = LabelSelector(requirements: [])

    /// Creates a selector from requirements.
    public init(requirements: [Requirement]) { self.requirements = requirements }

    /// A selector requiring each label to equal its value.
    public init(matchLabels: [String: String]) {
        requirements = matchLabels.sorted { $0.key < $1.key }.map { Requirement(key: $0.key, value: $0.value) }
    }

    /// Parses the query syntax; throws `APIError` 400 naming the term it cannot read.
    public init(parsing text: String) throws {
        requirements = try Self.terms(text).map(Self.requirement)
    }

    /// Splits at commas outside parentheses.
    private static func terms(_ text: String) throws -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth < 0 { throw APIError.badRequest("unable to parse requirement: unmatched ')' in '\(text)'") }
            case "," where depth == 0:
                terms.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if depth != 0 { throw APIError.badRequest("unable to parse requirement: unmatched '(' in '\(text)'") }
        terms.append(current)
        return terms.map(\.trimmingSpaces).filter { !$0.isEmpty }
    }

    private static func requirement(_ term: String) throws -> Requirement {
        func invalid() -> APIError { APIError.badRequest("unable to parse requirement: invalid label selector term '\(term)'") }
        func checked(_ key: String) throws -> String {
            guard !key.isEmpty, !key.contains(where: { "=!()<>, ".contains($0) }) else { throw invalid() }
            return key
        }
        func checkedValue(_ value: String) throws -> String {
            guard !value.contains(where: { "=!()<>, ".contains($0) }) else { throw invalid() }
            return value
        }
        if term.hasPrefix("!") { return Requirement(key: try checked(String(term.dropFirst()).trimmingSpaces), op: .doesNotExist) }
        for (symbol, op) in [("!=", Operator.notEquals), ("==", .equals), ("=", .equals), (">", .greaterThan), ("<", .lessThan)] {
            guard let range = term.range(of: symbol) else { continue }
            let value = try checkedValue(term[range.upperBound...].trimmingSpaces)
            if op == .greaterThan || op == .lessThan, Int64(value) == nil { throw invalid() }
            return Requirement(key: try checked(term[..<range.lowerBound].trimmingSpaces), op: op, values: [value])
        }
        let words = term.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2 {
            let rest = words[1].trimmingSpaces
            for op in [Operator.notIn, .in] where rest.lowercased().hasPrefix(op.rawValue) {
                let list = rest.dropFirst(op.rawValue.count).trimmingSpaces
                guard list.hasPrefix("("), list.hasSuffix(")") else { throw invalid() }
                let values = try list.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false).map { try checkedValue($0.trimmingSpaces) }
                return Requirement(key: try checked(words[0]), op: op, values: values)
            }
            throw invalid()
        }
        return Requirement(key: try checked(term), op: .exists)
    }

    /// Whether the selector matches everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether a set of labels satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.holds(labels) }
    }

    /// The selector in query syntax, "app=web,tier!=db,env in (a,b)".
    public var description: String {
        requirements.map(\.text).joined(separator: ",")
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice = slice.dropFirst() }
        while slice.last == " " { slice = slice.dropLast() }
        return String(slice)
    }
}
