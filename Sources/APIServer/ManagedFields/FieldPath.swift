import Kernel

/// One field path as FieldsV1 spells it: a list of path elements, each `f:<field>` (an object
/// member), `k:<json>` (a keyed list item, its keys JSON-encoded in sorted order), `v:<json>`
/// (a set item) or `i:<index>`.
typealias FieldPath = [String]

/// Building and printing FieldsV1 path elements.
enum FieldPathElement {
    /// The element of an object member.
    static func field(_ name: String) -> String { "f:" + name }

    /// The element of a keyed list item: `k:{"name":"web"}`.
    static func key(_ keys: [String: JSONValue]) -> String { "k:" + JSONValue.object(keys).text }

    /// The element of a set item: `v:"a"`.
    static func value(_ value: JSONValue) -> String { "v:" + value.text }

    /// A path as Kubernetes prints it in conflicts: `.spec.containers[name="web"].image`.
    static func display(_ path: FieldPath) -> String {
        path.map { element -> String in
            let body = String(element.dropFirst(2))
            switch element.prefix(2) {
            case "f:":
                return "." + body
            case "k:":
                guard let keys = (try? JSONValue(parsing: body))?.objectValue else { return "[" + body + "]" }
                return "[" + keys.keys.sorted().map { "\($0)=\(keys[$0]!.text)" }.joined(separator: ",") + "]"
            case "v:":
                return "[=" + body + "]"
            case "i:":
                return "[" + body + "]"
            default:
                return "." + element
            }
        }.joined()
    }
}
