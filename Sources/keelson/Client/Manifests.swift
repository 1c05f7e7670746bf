import Foundation
import Kernel

/// Manifests as users write them: YAML (several documents separated by `---`) or JSON, each
/// document one object or a `List` of objects.
enum Manifests {
    /// Parses every document of `text`; `List` objects are flattened into their items.
    static func parse(_ text: String, file: String) throws -> [JSONValue] {
        let documents = try YAMLDocuments.parse(text, file: file)
        return documents.flatMap { document -> [JSONValue] in
            if let kind = document.kind, kind.hasSuffix("List"), let items = document["items"]?.arrayValue { return items }
            return [document]
        }
    }

    /// Reads and parses a file ("-" reads standard input).
    static func read(_ path: String) throws -> [JSONValue] {
        let text: String
        if path == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIError("the path \"\(path)\" does not exist")
            }
            text = String(decoding: contents, as: UTF8.self)
        }
        return try parse(text, file: path)
    }

    /// The served resource an object's apiVersion and kind name.
    static func resourceType(of object: JSONValue, file: String) throws -> ResourceType {
        guard let kind = object.kind, let apiVersion = object["apiVersion"]?.stringValue else {
            throw CLIError("\(file): every object needs apiVersion and kind")
        }
        guard let type = ResourceType.all.first(where: { $0.kind == kind && $0.apiVersion == apiVersion }) else {
            throw CLIError("\(file): resource mapping not found for kind \"\(kind)\" in version \"\(apiVersion)\"")
        }
        return type
    }
}
