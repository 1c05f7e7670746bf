/// How values are quoted in error messages: JSON text, cut short when long.
enum ValueDescription {
    /// The value as compact JSON, at most about 60 characters.
    static func of(_ value: JSONValue) -> String {
        let text = value.text
        guard text.count > 60 else { return text }
        return String(text.prefix(57)) + "..."
    }

    /// The JSON type's name with an article: "a string", "an object".
    static func typeName(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double(let number): number.rounded() == number ? "an integer" : "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
