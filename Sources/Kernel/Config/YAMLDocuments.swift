import Yams

/// Multi-document YAML (manifests: objects separated by `---`) read into JSON documents with
/// the same rules as the cluster config: YAML 1.2 core schema, merge keys, one-line errors with
/// file, line and column. JSON text is YAML too.
public enum YAMLDocuments {
    /// Every non-empty document of `text`, in order (a document that is empty or only `null` is
    /// skipped, as kubectl does). A syntax error in any document throws a `ConfigError`.
    public static func parse(_ text: String, file: String) throws -> [JSONValue] {
        let reader = YAMLReader(file: file)
        var documents: [JSONValue] = []
        do {
            // YamlSequence keeps a parse error in `error` and ends instead of throwing, so the
            // sequence is walked by hand and its error checked afterwards.
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() {
                var budget = reader.nodeBudget
                let document = try reader.convert(node, path: "", budget: &budget).json
                if document != .null { documents.append(document) }
            }
            if let error = sequence.error { throw error }
        } catch let error as YamlError {
            throw reader.syntaxError(error, text: text)
        }
        return documents
    }
}
