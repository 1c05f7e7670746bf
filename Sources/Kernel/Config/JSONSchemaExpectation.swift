extension JSONSchemaValidator {
    /// What a schema accepts, in words for "expected ..." messages: "an integer >= 0",
    /// "a string matching ^127\.", "one of \"a\", \"b\"", "an IPv4 address such as 127.0.0.1".
    func expectation(_ node: SchemaNode, depth: Int = 0) -> String {
        let k = node.keywords
        if let flag = k.boolean { return flag ? "any value" : "no value at all" }
        if k.hasConst, let constant = k.constValue { return ValueDescription.of(constant) }
        if let values = k.enumValues { return "one of \(values.map(ValueDescription.of).joined(separator: ", "))" }
        if let types = k.types {
            return types.map { phrase(for: $0, k) }.joined(separator: " or ")
        }
        if let reference = k.ref, depth < 8, let target = refs[reference] {
            return expectation(target, depth: depth + 1)
        }
        let alternatives = k.anyOf.isEmpty ? k.oneOf : k.anyOf
        if !alternatives.isEmpty, depth < 8 {
            return alternatives.map { expectation($0, depth: depth + 1) }.joined(separator: " or ")
        }
        if k.pattern != nil || k.format.map(JSONSchemaFormats.isChecked) == true || k.minLength != nil || k.maxLength != nil {
            return phrase(for: .string, k)
        }
        if k.minimum != nil || k.maximum != nil || k.exclusiveMinimum != nil || k.exclusiveMaximum != nil {
            return phrase(for: .number, k)
        }
        if !k.properties.isEmpty || !k.required.isEmpty { return "an object" }
        if k.items != nil || !k.prefixItems.isEmpty { return "an array" }
        return "a value matching the schema at \(node.location)"
    }

    private func phrase(for type: JSONSchemaType, _ k: SchemaKeywords) -> String {
        switch type {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .object: return "an object"
        case .array: return "an array"
        case .string:
            if let format = k.format, let phrase = JSONSchemaFormats.phrases[format] { return phrase }
            var text = "a string"
            if let pattern = k.pattern { text += " matching \(pattern.source)" }
            switch (k.minLength, k.maxLength) {
            case (let low?, let high?): text += " of \(low) to \(high) characters"
            case (let low?, nil) where low > 0: text += " of at least \(low) character\(low == 1 ? "" : "s")"
            case (nil, let high?): text += " of at most \(high) characters"
            default: break
            }
            return text
        case .number, .integer:
            var text = type == .integer ? "an integer" : "a number"
            let low = k.minimum.map { ">= \(Self.format($0))" } ?? k.exclusiveMinimum.map { "> \(Self.format($0))" }
            let high = k.maximum.map { "<= \(Self.format($0))" } ?? k.exclusiveMaximum.map { "< \(Self.format($0))" }
            if let minimum = k.minimum, let maximum = k.maximum {
                text += " from \(Self.format(minimum)) to \(Self.format(maximum))"
            } else if let low, let high {
                text += " \(low) and \(high)"
            } else if let bound = low ?? high {
                text += " \(bound)"
            }
            return text
        }
    }
}
