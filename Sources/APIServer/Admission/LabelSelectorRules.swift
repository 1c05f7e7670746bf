import Kernel

/// Kubernetes' validation of a `metav1.LabelSelector`: qualified label keys, valid label values
/// in `matchLabels`, known operators, and values present exactly for In and NotIn.
enum LabelSelectorRules {
    /// The operators a LabelSelectorRequirement may use.
    static let operators = ["In", "NotIn", "Exists", "DoesNotExist"]

    /// Field errors of the selector at `path` (nothing for an absent one).
    static func causes(_ selector: JSONValue?, path: String) -> [APIError.Cause] {
        guard let selector, !selector.isNull else { return [] }
        guard selector.objectValue != nil else { return [.invalid(path, selector, "must be a label selector object")] }
        var causes: [APIError.Cause] = []
        let matchLabels = selector["matchLabels"]?.objectValue ?? [:]
        for key in matchLabels.keys.sorted() {
            causes += NameValidation.qualifiedNameProblems(key).map { .invalid("\(path).matchLabels", .string(key), $0) }
            guard let value = matchLabels[key]?.stringValue else {
                causes.append(.invalid("\(path).matchLabels", matchLabels[key] ?? .null, "must be a string"))
                continue
            }
            causes += NameValidation.labelValueProblems(value).map { .invalid("\(path).matchLabels", .string(value), $0) }
        }
        for (index, expression) in (selector["matchExpressions"]?.arrayValue ?? []).enumerated() {
            let field = "\(path).matchExpressions[\(index)]"
            let key = expression["key"]?.stringValue ?? ""
            causes += NameValidation.qualifiedNameProblems(key).map { .invalid("\(field).key", .string(key), $0) }
            let op = expression["operator"]?.stringValue ?? ""
            let values = expression["values"]?.arrayValue ?? []
            switch op {
            case "In", "NotIn":
                if values.isEmpty { causes.append(.required("\(field).values", "must be specified when `operator` is 'In' or 'NotIn'")) }
            case "Exists", "DoesNotExist":
                if !values.isEmpty { causes.append(.forbidden("\(field).values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")) }
            default:
                causes.append(.invalid("\(field).operator", .string(op), "not a valid selector operator"))
            }
        }
        return causes
    }
}
