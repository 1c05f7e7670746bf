import Kernel

/// Field errors worded as Kubernetes' validation reports them.
extension APIError.Cause {
    /// `field: Invalid value: "x": detail`.
    static func invalid(_ field: String, _ value: JSONValue, _ detail: String) -> APIError.Cause {
        APIError.Cause(type: "FieldValueInvalid", field: field, message: "Invalid value: \(render(value)): \(detail)")
    }

    /// `field: Required value` (with an optional detail).
    static func required(_ field: String, _ detail: String = "") -> APIError.Cause {
        APIError.Cause(type: "FieldValueRequired", field: field, message: detail.isEmpty ? "Required value" : "Required value: \(detail)")
    }

    /// `field: Forbidden: detail`.
    static func forbidden(_ field: String, _ detail: String) -> APIError.Cause {
        APIError.Cause(type: "FieldValueForbidden", field: field, message: "Forbidden: \(detail)")
    }

    /// `field: Duplicate value: "x"`.
    static func duplicate(_ field: String, _ value: JSONValue) -> APIError.Cause {
        APIError.Cause(type: "FieldValueDuplicate", field: field, message: "Duplicate value: \(render(value))")
    }

    /// `field: Unsupported value: "x": supported values: "a", "b"`.
    static func notSupported(_ field: String, _ value: JSONValue, _ supported: [String]) -> APIError.Cause {
        let list = supported.map { "\"\($0)\"" }.joined(separator: ", ")
        return APIError.Cause(type: "FieldValueNotSupported", field: field, message: "Unsupported value: \(render(value)): supported values: \(list)")
    }

    /// `field: Invalid value: "x": field is immutable`.
    static func immutable(_ field: String, _ value: JSONValue) -> APIError.Cause {
        invalid(field, value, "field is immutable")
    }

    /// A value as validation messages quote it: strings in quotes, anything else as JSON.
    static func render(_ value: JSONValue) -> String {
        if case .string(let text) = value { return "\"\(text)\"" }
        return value.text
    }
}
