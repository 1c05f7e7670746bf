import Kernel
import Testing

@Suite("Multi-document YAML (manifests)")
struct ConfigYAMLDocumentsTests {
    @Test("documents come back in order, empty ones skipped, JSON accepted")
    func documents() throws {
        let documents = try YAMLDocuments.parse("""
            ---
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            # only a comment
            ---
            {"apiVersion": "v1", "kind": "Service", "spec": {"ports": [{"port": 80}]}}
            """, file: "m.yaml")
        #expect(documents.map { $0.kind } == ["Namespace", "Service"])
        #expect(documents[1][path: "spec", "ports"] == [["port": 80]])
    }

    @Test("a syntax error in a later document is reported with its line, not dropped")
    func laterSyntaxError() {
        #expect(throws: ConfigError.self) { try YAMLDocuments.parse("a: 1\n---\nb: [\n", file: "m.yaml") }
        do {
            _ = try YAMLDocuments.parse("a: 1\n---\nb: [\n", file: "m.yaml")
        } catch {
            #expect("\(error)".hasPrefix("m.yaml:4:1: invalid YAML: "))
        }
    }

    @Test("duplicate keys are errors here too")
    func duplicateKeys() {
        #expect(throws: ConfigError(file: "m.yaml", keyPath: "a", line: 2, column: 1, message: "duplicate key (also set at line 1); keep one of them")) {
            try YAMLDocuments.parse("a: 1\na: 2\n", file: "m.yaml")
        }
    }
}
