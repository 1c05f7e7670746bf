import Foundation
import Kernel

/// An equality-based label selector, as in `?labelSelector=app=web,tier!=db`: every requirement
/// must hold. (Set-based requirements come later.)
public struct LabelSelector: Sendable, Hashable, CustomStringConvertible {
    /// One requirement: the label `key` equals (or, when `negated`, differs from) `value`.
    /// A negated requirement also holds when the label is absent, as in Kubernetes.
    public struct Requirement: Sendable, Hashable {
        /// The label key.
        public let key: String
        /// The value compared against.
        public let value: String
        /// `!=` instead of `=`.
        public let negated: Bool
        /// Creates a requirement.
        public init(key: String, value: String, negated: Bool = false) {
            self.key = key
            self.value = value
            self.negated = negated
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

    /// Parses "k=v,k==v,k!=v"; throws `APIError` 400 on anything else.
    public init(parsing text: String) throws {
        var parsed: [Requirement] = []
        for rawTerm in text.split(separator: ",", omittingEmptySubsequences: true) {
            let term = rawTerm.trimmingSpaces
            if term.isEmpty { continue }
            let negated: Bool
            let parts: [Substring]
            if let range = term.range(of: "!=") {
                negated = true
                parts = [term[..<range.lowerBound], term[range.upperBound...]]
            } else if let range = term.range(of: "==") {
                negated = false
                parts = [term[..<range.lowerBound], term[range.upperBound...]]
            } else if let index = term.firstIndex(of: "=") {
                negated = false
                parts = [term[..<index], term[term.index(after: index)...]]
            } else {
                throw APIError.badRequest("unable to parse requirement: found '\(term)', expected: '=', '!=', '==' (set-based selectors are not supported yet)")
            }
            let key = parts[0].trimmingSpaces
            let value = parts[1].trimmingSpaces
            guard !key.isEmpty, !key.contains(where: { "=!(), ".contains($0) }),
                  !value.contains(where: { "=!(), ".contains($0) }) else {
                throw APIError.badRequest("unable to parse requirement: invalid label selector term '\(term)'")
            }
            parsed.append(Requirement(key: key, value: value, negated: negated))
        }
        requirements = parsed
    }

    /// Whether the selector matches everything.
    public var isEmpty: Bool { requirements.isEmpty }

    /// Whether a set of labels satisfies every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = labels[requirement.key]
            return requirement.negated ? actual != requirement.value : actual == requirement.value
        }
    }

    /// The selector in query syntax, "app=web,tier!=db".
    public var description: String {
        requirements.map { "\($0.key)\($0.negated ? "!=" : "=")\($0.value)" }.joined(separator: ",")
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
