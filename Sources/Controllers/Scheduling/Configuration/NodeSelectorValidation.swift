import Kernel

/// Shape and validation of a node affinity (NodeAffinityArgs.addedAffinity): node selector terms
/// with match expressions and match fields, and weighted preferred terms.
enum NodeSelectorValidation {
    /// A `NodeSelectorRequirement`.
    static let requirementShape: FieldShape = .object(["key": .string, "operator": .string, "values": .list(.string)])
    /// A `NodeSelectorTerm`.
    static let termShape: FieldShape = .object(["matchExpressions": .list(requirementShape), "matchFields": .list(requirementShape)])
    /// A `NodeAffinity`.
    static let nodeAffinityShape: [String: FieldShape] = [
        "requiredDuringSchedulingIgnoredDuringExecution": .object(["nodeSelectorTerms": .list(termShape)]),
        "preferredDuringSchedulingIgnoredDuringExecution": .list(.object(["weight": .int, "preference": termShape])),
    ]
    /// The operators a node selector requirement may use.
    static let operators = ["DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"]

    /// The problems of a node affinity at `path`.
    static func validateNodeAffinity(_ affinity: JSONValue, at path: ConfigurationFieldPath) -> [ConfigurationFieldError] {
        var errors: [ConfigurationFieldError] = []
        if let required = affinity["requiredDuringSchedulingIgnoredDuringExecution"], required != .null {
            let termsPath = path.child("requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")
            let terms = required.list("nodeSelectorTerms")
            if terms.isEmpty { errors.append(.required(termsPath, "must have at least one node selector term")) }
            for (index, term) in terms.enumerated() { errors += validateTerm(term, at: termsPath.index(index)) }
        }
        let preferredPath = path.child("preferredDuringSchedulingIgnoredDuringExecution")
        for (index, preferred) in affinity.list("preferredDuringSchedulingIgnoredDuringExecution").enumerated() {
            let itemPath = preferredPath.index(index)
            let weight = preferred.int("weight")
            if !(1...100).contains(weight) { errors.append(.invalid(itemPath.child("weight"), .number(weight), "must be in the range 1-100")) }
            errors += validateTerm(preferred["preference"] ?? [:], at: itemPath.child("preference"))
        }
        return errors
    }

    /// The problems of one node selector term.
    static func validateTerm(_ term: JSONValue, at path: ConfigurationFieldPath) -> [ConfigurationFieldError] {
        var errors: [ConfigurationFieldError] = []
        for (index, requirement) in term.list("matchExpressions").enumerated() {
            let itemPath = path.child("matchExpressions").index(index)
            errors += QualifiedName.validate(requirement.string("key"), at: itemPath.child("key"))
            errors += validateOperator(requirement, at: itemPath)
        }
        for (index, requirement) in term.list("matchFields").enumerated() {
            let itemPath = path.child("matchFields").index(index)
            let key = requirement.string("key")
            if key != "metadata.name" { errors.append(.notSupported(itemPath.child("key"), .string(key), supported: ["metadata.name"])) }
            let op = requirement.string("operator")
            if op != "In" && op != "NotIn" {
                errors.append(.notSupported(itemPath.child("operator"), .string(op), supported: ["In", "NotIn"]))
            } else if requirement.list("values").count != 1 {
                errors.append(.required(itemPath.child("values"), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"))
            }
        }
        return errors
    }

    /// The problems of a requirement's operator and values.
    private static func validateOperator(_ requirement: JSONValue, at path: ConfigurationFieldPath) -> [ConfigurationFieldError] {
        let values = requirement.list("values"), valuesPath = path.child("values")
        switch requirement.string("operator") {
        case "In", "NotIn":
            return values.isEmpty ? [.required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'")] : []
        case "Exists", "DoesNotExist":
            return values.isEmpty ? [] : [.forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
        case "Gt", "Lt":
            guard values.count == 1 else { return [.required(valuesPath, "must be specified single value when `operator` is 'Lt' or 'Gt'")] }
            return Int64(values[0].stringValue ?? "") == nil ? [.invalid(valuesPath.index(0), values[0], "must be an integer")] : []
        case let other:
            return [.notSupported(path.child("operator"), .string(other), supported: operators)]
        }
    }
}
