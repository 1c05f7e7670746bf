import Kernel

/// A Kubernetes `LabelSelector` as workloads carry it in `spec.selector`
/// (`matchLabels` + set-based `matchExpressions`), or a Service's plain `spec.selector` map,
/// evaluated against an object's labels. (Named apart from the API server's query-string
/// selector, which parses `?labelSelector=`.)
public struct LabelMatcher: Sendable, Hashable {
    /// A set-based requirement: `key In (a,b)`, `key NotIn (a)`, `key`, `!key`, and, as node
    /// selector requirements also allow, `key Gt 3` and `key Lt 9` (integer comparison).
    public struct Requirement: Sendable, Hashable {
        /// The operators of `matchExpressions` (Gt and Lt only in node selectors).
        public enum Operator: String, Sendable, Hashable {
            case `in` = "In", notIn = "NotIn", exists = "Exists", doesNotExist = "DoesNotExist", gt = "Gt", lt = "Lt"
        }
        /// The label key.
        public var key: String
        /// The operator.
        public var op: Operator
        /// The values (for In and NotIn; one integer for Gt and Lt).
        public var values: [String]

        /// Creates a requirement.
        public init(key: String, op: Operator, values: [String] = []) {
            self.key = key
            self.op = op
            self.values = values
        }

        /// Whether the labels satisfy the requirement.
        public func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case .in: return labels[key].map(values.contains) ?? false
            case .notIn: return labels[key].map { !values.contains($0) } ?? true
            case .exists: return labels[key] != nil
            case .doesNotExist: return labels[key] == nil
            case .gt, .lt:
                guard let label = labels[key].flatMap({ Int64($0) }), values.count == 1, let bound = Int64(values[0]) else { return false }
                return op == .gt ? label > bound : label < bound
            }
        }
    }

    /// Labels that must be present with these values.
    public var matchLabels: [String: String]
    /// Requirements that must all hold.
    public var matchExpressions: [Requirement]

    /// Creates a matcher.
    public init(matchLabels: [String: String] = [:], matchExpressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }

    /// Reads a `LabelSelector` object (`{"matchLabels":{...},"matchExpressions":[...]}`);
    /// nil when the value is absent or malformed (an unknown operator included).
    public init?(selector json: JSONValue?) {
        guard let json, let members = json.objectValue else { return nil }
        let labels = members["matchLabels"]?.objectValue ?? [:]
        var matchLabels: [String: String] = [:]
        for (key, value) in labels {
            guard let value = value.stringValue else { return nil }
            matchLabels[key] = value
        }
        var expressions: [Requirement] = []
        for expression in members["matchExpressions"]?.arrayValue ?? [] {
            guard let key = expression["key"]?.stringValue,
                let op = expression["operator"]?.stringValue.flatMap(Requirement.Operator.init(rawValue:))
            else { return nil }
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            expressions.append(Requirement(key: key, op: op, values: values))
        }
        self.init(matchLabels: matchLabels, matchExpressions: expressions)
    }

    /// Reads a Service's `spec.selector` (a plain label map); nil when absent or empty, which
    /// for a Service means "no selector: endpoints are managed by hand".
    public init?(serviceSelector json: JSONValue?) {
        guard let map = json?.objectValue, !map.isEmpty else { return nil }
        self.init(matchLabels: map.compactMapValues(\.stringValue))
    }

    /// Whether the selector has no requirement at all. Controllers treat an empty workload
    /// selector as selecting nothing, so they never adopt every pod of a namespace.
    public var isEmpty: Bool { matchLabels.isEmpty && matchExpressions.isEmpty }

    /// Whether the labels satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        for (key, value) in matchLabels where labels[key] != value { return false }
        return matchExpressions.allSatisfy { $0.matches(labels) }
    }

    /// The selector as Kubernetes JSON (`matchExpressions` omitted when empty).
    public var json: JSONValue {
        var result: JSONValue = ["matchLabels": .object(matchLabels.mapValues(JSONValue.string))]
        if !matchExpressions.isEmpty {
            result["matchExpressions"] = .array(matchExpressions.map { requirement in
                var expression: JSONValue = ["key": .string(requirement.key), "operator": .string(requirement.op.rawValue)]
                if !requirement.values.isEmpty { expression["values"] = .array(requirement.values.map(JSONValue.string)) }
                return expression
            })
        }
        return result
    }
}
