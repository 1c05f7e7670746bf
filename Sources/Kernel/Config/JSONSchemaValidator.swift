/// Checks a value against a compiled schema and says, for each failure, where and what was expected.
struct JSONSchemaValidator {
    /// The schema's compiled `$ref` targets.
    let refs: [String: SchemaNode]
    /// How many `$ref`s one check may follow in a row before it gives up (a cycle that consumes no input).
    static let maximumDepth = 64

    /// Appends the violations of `value` against `node` to `violations`.
    func validate(_ node: SchemaNode, _ value: JSONValue, path: String, depth: Int = 0, into violations: inout [SchemaViolation]) {
        let k = node.keywords
        func fail(_ message: String, at place: String? = nil) {
            violations.append(SchemaViolation(path: place ?? path, message: message))
        }
        if let flag = k.boolean {
            if !flag { fail("no value is allowed here, got \(ValueDescription.of(value))") }
            return
        }
        if let reference = k.ref {
            guard depth < JSONSchemaValidator.maximumDepth, let target = refs[reference] else {
                fail("the schema's $ref \(reference) recurses without end")
                return
            }
            validate(target, value, path: path, depth: depth + 1, into: &violations)
        }
        if let types = k.types, !types.contains(where: { $0.accepts(value) }) {
            fail("expected \(expectation(node)), got \(ValueDescription.of(value))")
            return
        }
        if let values = k.enumValues, !values.contains(where: { JSONSchemaValidator.equal($0, value) }) {
            var message = "expected one of \(values.map(ValueDescription.of).joined(separator: ", ")), got \(ValueDescription.of(value))"
            if let text = value.stringValue, let hint = NameSuggestion.hint(for: text, among: values.compactMap(\.stringValue)) {
                message += "; \(hint)"
            }
            fail(message)
        }
        if k.hasConst, let constant = k.constValue, !JSONSchemaValidator.equal(constant, value) {
            fail("expected \(ValueDescription.of(constant)), got \(ValueDescription.of(value))")
        }
        switch value {
        case .int, .double: validateNumber(k, value, fail)
        case .string(let text): validateString(node, text, fail)
        case .object(let members): validateObject(k, members, path: path, depth: depth, into: &violations)
        case .array(let items): validateArray(k, items, path: path, depth: depth, into: &violations)
        case .null, .bool: break
        }
        for branch in k.allOf {
            validate(branch, value, path: path, depth: depth, into: &violations)
        }
        if !k.anyOf.isEmpty {
            let results = k.anyOf.map { violationsOf($0, value, path: path, depth: depth) }
            if !results.contains(where: \.isEmpty) {
                violations += alternativesFailure(k.anyOf, results, value, path: path)
            }
        }
        if !k.oneOf.isEmpty {
            let results = k.oneOf.map { violationsOf($0, value, path: path, depth: depth) }
            let matching = results.indices.filter { results[$0].isEmpty }
            if matching.isEmpty {
                violations += alternativesFailure(k.oneOf, results, value, path: path)
            } else if matching.count > 1 {
                let which = matching.map { "\(expectation(k.oneOf[$0])) (#\($0))" }.joined(separator: ", ")
                fail("matches \(matching.count) of the oneOf alternatives, \(which), but must match exactly one")
            }
        }
        if let negated = k.not, violationsOf(negated, value, path: path, depth: depth).isEmpty {
            fail("expected anything but \(expectation(negated)), got \(ValueDescription.of(value))")
        }
        if let condition = k.ifSchema {
            let branch = violationsOf(condition, value, path: path, depth: depth).isEmpty ? k.thenSchema : k.elseSchema
            if let branch { validate(branch, value, path: path, depth: depth, into: &violations) }
        }
    }

    /// The violations of `value` against `node` alone.
    func violationsOf(_ node: SchemaNode, _ value: JSONValue, path: String, depth: Int) -> [SchemaViolation] {
        var result: [SchemaViolation] = []
        validate(node, value, path: path, depth: depth, into: &result)
        return result
    }

    /// Whether `value` satisfies `node`.
    func accepts(_ node: SchemaNode, _ value: JSONValue, depth: Int = 0) -> Bool {
        violationsOf(node, value, path: "", depth: depth).isEmpty
    }

    /// When no alternative matches: if exactly one alternative takes the value's type, its own
    /// violations (they say precisely what is wrong); otherwise one line listing the alternatives.
    private func alternativesFailure(_ branches: [SchemaNode], _ results: [[SchemaViolation]], _ value: JSONValue, path: String) -> [SchemaViolation] {
        let typeMatching = branches.indices.filter { acceptsType(branches[$0], value) }
        if typeMatching.count == 1 { return results[typeMatching[0]] }
        let choices = branches.map { expectation($0) }.joined(separator: " or ")
        return [SchemaViolation(path: path, message: "expected \(choices), got \(ValueDescription.of(value))")]
    }

    /// Whether the schema's `type` (followed through `$ref`) admits the value's JSON type.
    private func acceptsType(_ node: SchemaNode, _ value: JSONValue, depth: Int = 0) -> Bool {
        if node.keywords.boolean == false { return false }
        if let types = node.keywords.types, !types.contains(where: { $0.accepts(value) }) { return false }
        if let reference = node.keywords.ref, depth < 8, let target = refs[reference] {
            return acceptsType(target, value, depth: depth + 1)
        }
        return true
    }

    private func validateNumber(_ k: SchemaKeywords, _ value: JSONValue, _ fail: (String, String?) -> Void) {
        guard let number = value.doubleValue else { return }
        let noun = k.types?.contains(.integer) == true && k.types?.contains(.number) != true ? "an integer" : "a number"
        let got = ValueDescription.of(value)
        if let bound = k.minimum, number < bound { fail("expected \(noun) >= \(Self.format(bound)), got \(got)", nil) }
        if let bound = k.exclusiveMinimum, number <= bound { fail("expected \(noun) > \(Self.format(bound)), got \(got)", nil) }
        if let bound = k.maximum, number > bound { fail("expected \(noun) <= \(Self.format(bound)), got \(got)", nil) }
        if let bound = k.exclusiveMaximum, number >= bound { fail("expected \(noun) < \(Self.format(bound)), got \(got)", nil) }
        if let factor = k.multipleOf, !Self.isMultiple(value, of: factor) {
            fail("expected a multiple of \(Self.format(factor)), got \(got)", nil)
        }
    }

    private func validateString(_ node: SchemaNode, _ text: String, _ fail: (String, String?) -> Void) {
        let k = node.keywords
        let length = text.unicodeScalars.count
        let got = ValueDescription.of(.string(text))
        if let minimum = k.minLength, length < minimum {
            fail("expected a string of at least \(minimum) character\(minimum == 1 ? "" : "s"), got \(got)", nil)
        }
        if let maximum = k.maxLength, length > maximum {
            fail("expected a string of at most \(maximum) character\(maximum == 1 ? "" : "s"), got \(got)", nil)
        }
        if let pattern = k.pattern, !pattern.matches(text) {
            fail("expected a string matching \(pattern.source), got \(got)", nil)
        }
        if let format = k.format, let phrase = JSONSchemaFormats.phrases[format], !JSONSchemaFormats.accepts(text, format: format) {
            var message = "expected \(phrase), got \(got)"
            if format == "cidr" || format == "ipv4-cidr", case .failure(let error) = Result(catching: { try IPv4CIDR(parsing: text) }) {
                message += " (\(error))"
            }
            fail(message, nil)
        }
    }

    private func validateObject(_ k: SchemaKeywords, _ members: [String: JSONValue], path: String, depth: Int, into violations: inout [SchemaViolation]) {
        for name in k.required where members[name] == nil {
            let place = KeyPath.appending(path, key: name)
            let what = k.properties[name].map { "; expected \(expectation($0))" } ?? ""
            violations.append(SchemaViolation(path: place, message: "missing required property\(what)"))
        }
        for (name, needed) in k.dependentRequired.sorted(by: { $0.key < $1.key }) where members[name] != nil {
            for other in needed where members[other] == nil {
                violations.append(SchemaViolation(path: KeyPath.appending(path, key: other), message: "missing; required when \(name) is set"))
            }
        }
        if let minimum = k.minProperties, members.count < minimum {
            violations.append(SchemaViolation(path: path, message: "expected at least \(minimum) propert\(minimum == 1 ? "y" : "ies"), got \(members.count)"))
        }
        if let maximum = k.maxProperties, members.count > maximum {
            violations.append(SchemaViolation(path: path, message: "expected at most \(maximum) propert\(maximum == 1 ? "y" : "ies"), got \(members.count)"))
        }
        for name in members.keys.sorted() {
            let member = members[name]!
            let place = KeyPath.appending(path, key: name)
            if let names = k.propertyNames {
                for violation in violationsOf(names, .string(name), path: place, depth: depth) {
                    violations.append(SchemaViolation(path: place, message: "invalid property name: \(violation.message)"))
                }
            }
            var matched = false
            if let schema = k.properties[name] {
                matched = true
                validate(schema, member, path: place, depth: depth, into: &violations)
            }
            for (pattern, schema) in k.patternProperties where pattern.matches(name) {
                matched = true
                validate(schema, member, path: place, depth: depth, into: &violations)
            }
            if !matched, let additional = k.additionalProperties {
                if additional.keywords.boolean == false {
                    let known = k.properties.keys.sorted()
                    let fix = NameSuggestion.hint(for: name, among: known)
                        ?? (known.isEmpty ? "this object takes no properties" : "known properties: \(known.joined(separator: ", "))")
                    violations.append(SchemaViolation(path: place, message: "unknown property; \(fix)"))
                } else {
                    validate(additional, member, path: place, depth: depth, into: &violations)
                }
            }
        }
        for (name, schema) in k.dependentSchemas.sorted(by: { $0.key < $1.key }) where members[name] != nil {
            validate(schema, .object(members), path: path, depth: depth, into: &violations)
        }
    }

    private func validateArray(_ k: SchemaKeywords, _ items: [JSONValue], path: String, depth: Int, into violations: inout [SchemaViolation]) {
        if let minimum = k.minItems, items.count < minimum {
            violations.append(SchemaViolation(path: path, message: "expected at least \(minimum) item\(minimum == 1 ? "" : "s"), got \(items.count)"))
        }
        if let maximum = k.maxItems, items.count > maximum {
            violations.append(SchemaViolation(path: path, message: "expected at most \(maximum) item\(maximum == 1 ? "" : "s"), got \(items.count)"))
        }
        for (index, item) in items.enumerated() {
            let place = KeyPath.appending(path, index: index)
            if index < k.prefixItems.count {
                validate(k.prefixItems[index], item, path: place, depth: depth, into: &violations)
            } else if let schema = k.items {
                if schema.keywords.boolean == false {
                    violations.append(SchemaViolation(path: place, message: "expected at most \(k.prefixItems.count) item\(k.prefixItems.count == 1 ? "" : "s"), this one is extra"))
                } else {
                    validate(schema, item, path: place, depth: depth, into: &violations)
                }
            }
        }
        if let contained = k.contains {
            let count = items.filter { accepts(contained, $0, depth: depth) }.count
            let minimum = k.minContains ?? 1
            if count < minimum {
                violations.append(SchemaViolation(path: path, message: "expected at least \(minimum) item\(minimum == 1 ? "" : "s") that \(minimum == 1 ? "is" : "are") \(expectation(contained)), found \(count)"))
            }
            if let maximum = k.maxContains, count > maximum {
                violations.append(SchemaViolation(path: path, message: "expected at most \(maximum) item\(maximum == 1 ? "" : "s") that \(maximum == 1 ? "is" : "are") \(expectation(contained)), found \(count)"))
            }
        }
        if k.uniqueItems {
            outer: for later in items.indices {
                for earlier in 0..<later where Self.equal(items[earlier], items[later]) {
                    violations.append(SchemaViolation(path: KeyPath.appending(path, index: later),
                                                      message: "duplicate of \(KeyPath.appending(path, index: earlier)); items must be unique"))
                    break outer
                }
            }
        }
    }

    /// JSON equality, where 1 and 1.0 are the same number.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.int, .double), (.double, .int), (.double, .double): return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return a == b
        }
    }

    static func isMultiple(_ value: JSONValue, of factor: Double) -> Bool {
        if case .int(let integer) = value, factor.rounded() == factor, let divisor = Int64(exactly: factor) {
            return integer % divisor == 0
        }
        guard let number = value.doubleValue else { return true }
        let quotient = number / factor
        return quotient.isFinite && abs(quotient - quotient.rounded()) < 1e-9
    }

    /// A number as a person writes it: 5, not 5.0.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
