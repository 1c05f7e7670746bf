import Foundation
import Hummingbird
import HTTPTypes
import Kernel

/// The `fieldValidation` query parameter of create, update and patch: what to do with fields
/// the type does not declare. `Ignore` drops them silently, `Warn` (the default) drops them and
/// answers with one `Warning: 299` header per field, `Strict` fails the request with 400.
enum FieldValidation: String, Sendable {
    case ignore = "Ignore"
    case warn = "Warn"
    case strict = "Strict"

    /// The directive of a request; 400 for a value other than the three.
    static func of(_ query: QueryParameters) throws -> FieldValidation {
        guard let raw = query["fieldValidation"], !raw.isEmpty else { return .warn }
        guard let directive = FieldValidation(rawValue: raw) else {
            throw APIError.badRequest("fieldValidation parameter unsupported: \(raw)")
        }
        return directive
    }

    /// Checks a full object of `type` (the body of a create or update). Returns the warnings to
    /// send; throws the strict decoding error in `Strict` mode.
    func check(_ object: JSONValue, _ type: ResourceType) throws -> [String] {
        guard self != .ignore, let definition = Self.definition(type) else { return [] }
        return try report(UnknownFields.find(in: object, definition: definition), type, prefixed: true)
    }

    /// Checks a merge or strategic-merge patch document, which has the object's shape but may
    /// carry `$` directives.
    func checkPatch(_ patch: JSONValue, _ type: ResourceType) throws -> [String] {
        guard self != .ignore, let definition = Self.definition(type) else { return [] }
        return try report(UnknownFields.find(in: patch, definition: definition, patch: true), type, prefixed: false)
    }

    /// Turns the unknown fields into warnings, or into the 400 error in `Strict` mode.
    private func report(_ unknown: [String], _ type: ResourceType, prefixed: Bool) throws -> [String] {
        let problems = unknown.map { "unknown field \"\($0)\"" }
        guard !problems.isEmpty else { return [] }
        if self == .strict {
            let detail = "strict decoding error: " + problems.joined(separator: ", ")
            let message = prefixed
                ? "\(type.kind) in version \"\(type.version)\" cannot be handled as a \(type.kind): \(detail)" : detail
            throw APIError.badRequest(message)
        }
        return problems
    }

    /// The definition of a served type's kind.
    private static func definition(_ type: ResourceType) -> TypeDefinition? {
        APITypes.definition(for: GroupVersionKind(group: type.group, version: type.version, kind: type.kind))
    }

    /// Adds one `Warning: 299 - "<text>"` header per warning to a response.
    static func addWarnings(_ warnings: [String], to response: Response) -> Response {
        guard !warnings.isEmpty, let name = HTTPField.Name("Warning") else { return response }
        var response = response
        for warning in warnings {
            let escaped = warning.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            response.headers.append(HTTPField(name: name, value: "299 - \"\(escaped)\""))
        }
        return response
    }
}
