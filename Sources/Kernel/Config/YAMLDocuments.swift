import Yams

/// Multi-document YAML (manifests: objects separated by `---`) read into JSON documents with
/// the same rules as the cluster config: YAML 1.2 core schema, merge keys, one-line errors with
/// file, line and column. JSON text is YAML too.
public enum YAMLDocuments {
    /// Every non-empty document of `text`, in order.
    public static func parse(_ text: String, file: String) throws -> [JSONValue] {
        let reader = YAMLReader(file: file)
        var documents: [JSONValue] = []
        do {
            for node in try Yams.compose_all(yaml: text) {
                var budget = reader.nodeBudget
                documents.append(try reader.convert(node, path: "", budget: &budget).json)
            }
        } catch let error as YamlError {
            throw reader.syntaxError(error, text: text)
        }
        return documents
    }
}
