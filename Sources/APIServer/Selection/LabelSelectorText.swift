import Kernel

/// A metav1.LabelSelector written as a selector string, the form `kubectl` shows and the Scale
/// subresource reports: "app=web,tier in (a,b)", requirements sorted by key; "" when empty.
enum LabelSelectorText {
    static func format(_ selector: JSONValue?) -> String {
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector?["matchLabels"]?.objectValue ?? [:] {
            requirements.append((key, "\(key)=\(value.stringValue ?? value.text)"))
        }
        for expression in selector?["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted().joined(separator: ",")
            switch expression["operator"]?.stringValue ?? "" {
            case "In": requirements.append((key, "\(key) in (\(values))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!\(key)"))
            default: continue
            }
        }
        return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }
}
