import Kernel

/// List responses in Kubernetes' shape: `{"kind":"PodList","apiVersion":"v1","metadata":
/// {"resourceVersion":"42"},"items":[...]}`.
enum ListObject {
    /// The list document for `items` of `type` at `revision`.
    static func make(_ type: ResourceType, items: [JSONValue], revision: Int64) -> JSONValue {
        ["kind": .string("\(type.kind)List"), "apiVersion": .string(type.apiVersion),
         "metadata": ["resourceVersion": .string(String(revision))], "items": .array(items)]
    }
}
