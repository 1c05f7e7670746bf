// meta/v1 LabelSelector matching, as apimachinery's LabelSelectorAsSelector builds a selector:
// a nil selector selects nothing, an empty one ({}) selects everything, otherwise every
// matchLabels pair and every matchExpressions requirement must hold. Callers that read a nil or
// empty selector differently (PodTopologySpread counts no pods for a selector without
// requirements) ask `hasRequirements` / `selectsNothing` themselves.

/// One requirement of a compiled selector (matchLabels pairs become `In` with one value).
struct LabelRequirement: Equatable, Hashable {
    /// The operators a meta/v1 LabelSelector allows.
    enum Operator: String {
        case `in` = "In"
        case notIn = "NotIn"
        case exists = "Exists"
        case doesNotExist = "DoesNotExist"
    }

    /// The label key.
    var key: String
    /// The operator.
    var op: Operator
    /// The values (`In`/`NotIn` only).
    var values: Set<String>

    /// Whether the requirement holds for `labels`: In needs the label with one of the values;
    /// NotIn holds when the label is absent or has another value; Exists and DoesNotExist look
    /// only at the key.
    func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch op {
        case .in: return value.map(values.contains) ?? false
        case .notIn: return value.map { !values.contains($0) } ?? true
        case .exists: return value != nil
        case .doesNotExist: return value == nil
        }
    }
}

/// A label selector compiled for matching (apimachinery's labels.Selector).
struct LabelSelectorMatcher: Equatable {
    /// True for the selector of a nil LabelSelector (labels.Nothing): it matches no labels.
    private(set) var selectsNothing: Bool
    /// The requirements, all of which must hold (none: matches every set of labels).
    private(set) var requirements: [LabelRequirement]

    /// The selector that matches nothing (a nil LabelSelector).
    static let nothing = LabelSelectorMatcher(selectsNothing: true, requirements: [])
    /// The selector that matches everything (an empty LabelSelector).
    static let everything = LabelSelectorMatcher(selectsNothing: false, requirements: [])

    /// Errors a malformed selector raises (the API server normally refuses these already).
    enum Invalid: Error, CustomStringConvertible {
        /// An operator other than In, NotIn, Exists, DoesNotExist.
        case unknownOperator(String)
        /// In/NotIn without values, or Exists/DoesNotExist with values.
        case badValues(key: String, op: String)

        /// The message, in apimachinery's wording.
        var description: String {
            switch self {
            case .unknownOperator(let op): return "\"\(op)\" is not a valid label selector operator"
            case .badValues(let key, let op):
                return op == "In" || op == "NotIn"
                    ? "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty (key \(key))"
                    : "values: Invalid value: for 'exists', 'doesnotexist' operators, values set must be empty (key \(key))"
            }
        }
    }

    private init(selectsNothing: Bool, requirements: [LabelRequirement]) {
        self.selectsNothing = selectsNothing
        self.requirements = requirements
    }

    /// Compiles `selector` (LabelSelectorAsSelector): nil selects nothing, {} selects everything.
    init(_ selector: LabelSelector?) throws {
        guard let selector else {
            self = .nothing
            return
        }
        var requirements: [LabelRequirement] = []
        for (key, value) in (selector.matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            requirements.append(LabelRequirement(key: key, op: .in, values: [value]))
        }
        for expression in selector.matchExpressions ?? [] {
            guard let op = LabelRequirement.Operator(rawValue: expression.operator) else {
                throw Invalid.unknownOperator(expression.operator)
            }
            let values = expression.values ?? []
            let needsValues = op == .in || op == .notIn
            if needsValues == values.isEmpty { throw Invalid.badValues(key: expression.key, op: op.rawValue) }
            requirements.append(LabelRequirement(key: expression.key, op: op, values: Set(values)))
        }
        self.init(selectsNothing: false, requirements: requirements)
    }

    /// The key and values when the selector is exactly one `key In (values)` requirement (what
    /// matchLabels with one label compiles to).
    var singleInRequirement: (key: String, values: Set<String>)? {
        guard !selectsNothing, requirements.count == 1, requirements[0].op == .in else { return nil }
        return (requirements[0].key, requirements[0].values)
    }

    /// Whether the selector has requirements (labels.Selector.Empty() is its negation, for
    /// selectors that are not `nothing`).
    var hasRequirements: Bool { !requirements.isEmpty }

    /// apimachinery's Selector.Empty(): true for the everything selector only.
    var isEmpty: Bool { !selectsNothing && requirements.isEmpty }

    /// Whether `labels` satisfy the selector.
    func matches(_ labels: [String: String]) -> Bool {
        if selectsNothing { return false }
        for requirement in requirements where !requirement.matches(labels) { return false }
        return true
    }

    /// This selector with one more requirement (matchLabelKeys and mismatchLabelKeys add
    /// `key In (value)` / `key NotIn (value)` from the owning pod's labels). Adding to the
    /// nothing selector leaves it matching nothing.
    func adding(_ requirement: LabelRequirement) -> LabelSelectorMatcher {
        guard !selectsNothing else { return self }
        return LabelSelectorMatcher(selectsNothing: false, requirements: requirements + [requirement])
    }
}
