import Foundation

/// Reads a JSON Schema document (draft 2020-12) into `SchemaNode`s, checking every keyword it
/// implements; local `$ref`s (`#`, `#/$defs/name`, any `#/json/pointer`) are compiled once each
/// and looked up by the validator, so recursive schemas work.
struct JSONSchemaCompiler {
    /// The whole schema document, which `$ref` pointers resolve against.
    let document: JSONValue
    /// Compiled `$ref` targets by their reference text.
    private(set) var refs: [String: SchemaNode] = [:]
    private var pendingRefs: [String] = []

    /// Keywords of later drafts or extensions that change validation and that this validator does not
    /// implement: refusing them beats silently accepting values the plugin would reject.
    static let unsupported = ["unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef"]

    init(document: JSONValue) {
        self.document = document
    }

    /// Compiles the document and every schema its `$ref`s reach.
    mutating func compileRoot() throws -> SchemaNode {
        let root = try compile(document, at: "#")
        while let reference = pendingRefs.popLast() {
            guard refs[reference] == nil else { continue }
            guard let target = JSONSchemaCompiler.resolve(pointer: reference, in: document) else {
                throw JSONSchemaError(location: reference, message: "$ref target does not exist")
            }
            refs[reference] = try compile(target, at: reference)
        }
        return root
    }

    private mutating func compile(_ value: JSONValue, at location: String) throws -> SchemaNode {
        var keywords = SchemaKeywords()
        if case .bool(let flag) = value {
            keywords.boolean = flag
            return SchemaNode(location: location, keywords: keywords)
        }
        guard case .object(let members) = value else {
            throw JSONSchemaError(location: location, message: "a schema must be an object or a boolean, got \(ValueDescription.of(value))")
        }
        for keyword in JSONSchemaCompiler.unsupported where members[keyword] != nil {
            throw JSONSchemaError(location: "\(location)/\(keyword)", message: "\(keyword) is not supported by Keelson's validator; express the rule with properties, additionalProperties or allOf")
        }
        func at(_ keyword: String) -> String { "\(location)/\(JSONSchemaCompiler.escape(keyword))" }
        func schema(_ keyword: String) throws -> SchemaNode? {
            guard let member = members[keyword] else { return nil }
            return try compile(member, at: at(keyword))
        }
        func schemaArray(_ keyword: String) throws -> [SchemaNode] {
            guard let member = members[keyword] else { return [] }
            guard case .array(let items) = member, !items.isEmpty else {
                throw JSONSchemaError(location: at(keyword), message: "\(keyword) must be a non-empty array of schemas, got \(ValueDescription.of(member))")
            }
            return try items.enumerated().map { try compile($1, at: "\(at(keyword))/\($0)") }
        }
        func schemaMap(_ keyword: String) throws -> [String: SchemaNode] {
            guard let member = members[keyword] else { return [:] }
            guard case .object(let entries) = member else {
                throw JSONSchemaError(location: at(keyword), message: "\(keyword) must be an object of schemas, got \(ValueDescription.of(member))")
            }
            var result: [String: SchemaNode] = [:]
            for (name, sub) in entries { result[name] = try compile(sub, at: "\(at(keyword))/\(JSONSchemaCompiler.escape(name))") }
            return result
        }
        func number(_ keyword: String) throws -> Double? {
            guard let member = members[keyword] else { return nil }
            guard let number = member.doubleValue, number.isFinite else {
                throw JSONSchemaError(location: at(keyword), message: "\(keyword) must be a number, got \(ValueDescription.of(member))")
            }
            return number
        }
        func count(_ keyword: String) throws -> Int? {
            guard let member = members[keyword] else { return nil }
            guard let number = member.intValue, number >= 0, let result = Int(exactly: number) else {
                throw JSONSchemaError(location: at(keyword), message: "\(keyword) must be a non-negative integer, got \(ValueDescription.of(member))")
            }
            return result
        }
        func stringArray(_ member: JSONValue, at place: String, keyword: String) throws -> [String] {
            let names = member.arrayValue?.compactMap(\.stringValue) ?? []
            guard names.count == member.arrayValue?.count, Set(names).count == names.count else {
                throw JSONSchemaError(location: place, message: "\(keyword) must be an array of unique strings, got \(ValueDescription.of(member))")
            }
            return names
        }

        keywords.types = try types(members["type"], at: at("type"))
        if let member = members["enum"] {
            guard case .array(let values) = member else {
                throw JSONSchemaError(location: at("enum"), message: "enum must be an array, got \(ValueDescription.of(member))")
            }
            keywords.enumValues = values
        }
        if let member = members["const"] {
            keywords.constValue = member
            keywords.hasConst = true
        }
        if let member = members["$ref"] {
            guard let reference = member.stringValue else {
                throw JSONSchemaError(location: at("$ref"), message: "$ref must be a string, got \(ValueDescription.of(member))")
            }
            guard reference == "#" || reference.hasPrefix("#/") else {
                throw JSONSchemaError(location: at("$ref"), message: "only references inside the schema (#/$defs/NAME) are supported, got \(KeyPath.quoted(reference))")
            }
            guard JSONSchemaCompiler.resolve(pointer: reference, in: document) != nil else {
                throw JSONSchemaError(location: at("$ref"), message: "\(KeyPath.quoted(reference)) does not point to anything in the schema")
            }
            keywords.ref = reference
            pendingRefs.append(reference)
        }
        keywords.defaultValue = members["default"]
        if let member = members["format"] {
            guard let format = member.stringValue else {
                throw JSONSchemaError(location: at("format"), message: "format must be a string, got \(ValueDescription.of(member))")
            }
            keywords.format = format
        }

        keywords.minimum = try number("minimum")
        keywords.maximum = try number("maximum")
        keywords.exclusiveMinimum = try number("exclusiveMinimum")
        keywords.exclusiveMaximum = try number("exclusiveMaximum")
        keywords.multipleOf = try number("multipleOf")
        if let factor = keywords.multipleOf, factor <= 0 {
            throw JSONSchemaError(location: at("multipleOf"), message: "multipleOf must be greater than 0, got \(factor)")
        }

        keywords.minLength = try count("minLength")
        keywords.maxLength = try count("maxLength")
        if let member = members["pattern"] {
            guard let source = member.stringValue else {
                throw JSONSchemaError(location: at("pattern"), message: "pattern must be a string, got \(ValueDescription.of(member))")
            }
            guard let pattern = SchemaPattern(source) else {
                throw JSONSchemaError(location: at("pattern"), message: "\(KeyPath.quoted(source)) is not a valid regular expression")
            }
            keywords.pattern = pattern
        }

        keywords.properties = try schemaMap("properties")
        if let member = members["patternProperties"] {
            guard case .object(let entries) = member else {
                throw JSONSchemaError(location: at("patternProperties"), message: "patternProperties must be an object, got \(ValueDescription.of(member))")
            }
            for (source, sub) in entries.sorted(by: { $0.key < $1.key }) {
                let place = "\(at("patternProperties"))/\(JSONSchemaCompiler.escape(source))"
                guard let pattern = SchemaPattern(source) else {
                    throw JSONSchemaError(location: place, message: "\(KeyPath.quoted(source)) is not a valid regular expression")
                }
                keywords.patternProperties.append((pattern, try compile(sub, at: place)))
            }
        }
        keywords.additionalProperties = try schema("additionalProperties")
        keywords.propertyNames = try schema("propertyNames")
        if let member = members["required"] {
            keywords.required = try stringArray(member, at: at("required"), keyword: "required")
        }
        if let member = members["dependentRequired"] {
            guard case .object(let entries) = member else {
                throw JSONSchemaError(location: at("dependentRequired"), message: "dependentRequired must be an object, got \(ValueDescription.of(member))")
            }
            for (name, list) in entries {
                keywords.dependentRequired[name] = try stringArray(list, at: "\(at("dependentRequired"))/\(JSONSchemaCompiler.escape(name))", keyword: "dependentRequired")
            }
        }
        keywords.dependentSchemas = try schemaMap("dependentSchemas")
        keywords.minProperties = try count("minProperties")
        keywords.maxProperties = try count("maxProperties")

        if let member = members["items"], case .array = member {
            throw JSONSchemaError(location: at("items"), message: "items must be a single schema in draft 2020-12; use prefixItems for per-position schemas")
        }
        keywords.prefixItems = try schemaArray("prefixItems")
        keywords.items = try schema("items")
        keywords.contains = try schema("contains")
        keywords.minContains = try count("minContains")
        keywords.maxContains = try count("maxContains")
        keywords.minItems = try count("minItems")
        keywords.maxItems = try count("maxItems")
        if let member = members["uniqueItems"] {
            guard let flag = member.boolValue else {
                throw JSONSchemaError(location: at("uniqueItems"), message: "uniqueItems must be a boolean, got \(ValueDescription.of(member))")
            }
            keywords.uniqueItems = flag
        }

        keywords.allOf = try schemaArray("allOf")
        keywords.anyOf = try schemaArray("anyOf")
        keywords.oneOf = try schemaArray("oneOf")
        keywords.not = try schema("not")
        keywords.ifSchema = try schema("if")
        keywords.thenSchema = try schema("then")
        keywords.elseSchema = try schema("else")

        // Definitions are checked even when nothing refers to them, so a broken one shows up early.
        _ = try schemaMap("$defs")
        _ = try schemaMap("definitions")
        return SchemaNode(location: location, keywords: keywords)
    }

    private func types(_ member: JSONValue?, at place: String) throws -> [JSONSchemaType]? {
        guard let member else { return nil }
        let names: [JSONValue]
        switch member {
        case .string: names = [member]
        case .array(let items) where !items.isEmpty: names = items
        default:
            throw JSONSchemaError(location: place, message: "type must be a type name or a non-empty array of them, got \(ValueDescription.of(member))")
        }
        var result: [JSONSchemaType] = []
        for name in names {
            guard let text = name.stringValue, let type = JSONSchemaType(rawValue: text) else {
                let all = JSONSchemaType.allCases.map(\.rawValue)
                let suggestion = name.stringValue.flatMap { NameSuggestion.hint(for: $0, among: all) }.map { "; \($0)" } ?? ""
                throw JSONSchemaError(location: place, message: "\(ValueDescription.of(name)) is not a JSON Schema type (\(all.joined(separator: ", ")))\(suggestion)")
            }
            guard !result.contains(type) else {
                throw JSONSchemaError(location: place, message: "type lists \(text) twice")
            }
            result.append(type)
        }
        return result
    }

    /// The value a `#`-fragment JSON pointer names in `document` (`~1` is `/`, `~0` is `~`,
    /// percent-escapes are decoded).
    static func resolve(pointer: String, in document: JSONValue) -> JSONValue? {
        guard pointer.hasPrefix("#") else { return nil }
        let fragment = String(pointer.dropFirst()).removingPercentEncoding ?? String(pointer.dropFirst())
        if fragment.isEmpty { return document }
        guard fragment.hasPrefix("/") else { return nil }
        var current = document
        for token in fragment.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members[name] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(name), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A member name as a JSON pointer token.
    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
