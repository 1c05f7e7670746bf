extension JSONSchemaValidator {
    /// `value` with the `default` of every property the schema describes and the value lacks,
    /// recursively (a default object gets its own nested defaults too). Follows `$ref`, `allOf`,
    /// the `then`/`else` branch `if` selects, and the first `anyOf`/`oneOf` alternative the value
    /// satisfies; array items get the defaults of `prefixItems`/`items`.
    func applyingDefaults(_ node: SchemaNode, to value: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < JSONSchemaValidator.maximumDepth, node.keywords.boolean == nil else { return value }
        let k = node.keywords
        var result = value
        if let reference = k.ref, let target = refs[reference] {
            result = applyingDefaults(target, to: result, depth: depth + 1)
        }
        for branch in k.allOf {
            result = applyingDefaults(branch, to: result, depth: depth + 1)
        }
        if let condition = k.ifSchema {
            let branch = accepts(condition, result) ? k.thenSchema : k.elseSchema
            if let branch { result = applyingDefaults(branch, to: result, depth: depth + 1) }
        }
        for alternatives in [k.anyOf, k.oneOf] where !alternatives.isEmpty {
            if let chosen = alternatives.first(where: { accepts($0, result) }) {
                result = applyingDefaults(chosen, to: result, depth: depth + 1)
            }
        }
        switch result {
        case .object(var members):
            for (name, schema) in k.properties where members[name] == nil {
                if let fallback = defaultValue(of: schema) { members[name] = fallback }
            }
            for (name, member) in members {
                var schemas: [SchemaNode] = []
                if let schema = k.properties[name] { schemas.append(schema) }
                schemas += k.patternProperties.filter { $0.pattern.matches(name) }.map(\.schema)
                if schemas.isEmpty, let additional = k.additionalProperties { schemas.append(additional) }
                members[name] = schemas.reduce(member) { applyingDefaults($1, to: $0, depth: depth + 1) }
            }
            result = .object(members)
        case .array(var items):
            for index in items.indices {
                if index < k.prefixItems.count {
                    items[index] = applyingDefaults(k.prefixItems[index], to: items[index], depth: depth + 1)
                } else if let schema = k.items {
                    items[index] = applyingDefaults(schema, to: items[index], depth: depth + 1)
                }
            }
            result = .array(items)
        default:
            break
        }
        return result
    }

    /// A schema's `default`, looking through `$ref` chains.
    private func defaultValue(of node: SchemaNode, depth: Int = 0) -> JSONValue? {
        if let value = node.keywords.defaultValue { return value }
        guard depth < 8, let reference = node.keywords.ref, let target = refs[reference] else { return nil }
        return defaultValue(of: target, depth: depth + 1)
    }
}
