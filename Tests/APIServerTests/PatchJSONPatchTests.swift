@testable import APIServer
import Kernel
import Testing

@Suite("JSON patch (RFC 6902)")
struct PatchJSONPatchTests {
    private func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("add, remove, replace, move, copy and test apply in order")
    func operations() throws {
        let document = try json(#"{"a":{"b":1,"c":[1,2,3]},"d":"x"}"#)
        let patch = try json("""
        [{"op":"test","path":"/a/b","value":1},
         {"op":"add","path":"/a/c/1","value":9},
         {"op":"add","path":"/a/c/-","value":4},
         {"op":"remove","path":"/a/c/0"},
         {"op":"replace","path":"/d","value":"y"},
         {"op":"move","from":"/a/b","path":"/e"},
         {"op":"copy","from":"/d","path":"/a/f"},
         {"op":"add","path":"/g","value":{"h":null}}]
        """)
        let result = try JSONPatch.apply(patch, to: document)
        #expect(result == (try json(#"{"a":{"c":[9,2,3,4],"f":"y"},"d":"y","e":1,"g":{"h":null}}"#)))
    }

    @Test("JSON pointer escapes ~0 and ~1 name keys with ~ and /")
    func pointerEscapes() throws {
        let document = try json(#"{"metadata":{"annotations":{"a/b":"1","c~d":"2"}}}"#)
        let patch = try json(#"[{"op":"replace","path":"/metadata/annotations/a~1b","value":"3"},{"op":"remove","path":"/metadata/annotations/c~0d"}]"#)
        #expect(try JSONPatch.apply(patch, to: document) == (try json(#"{"metadata":{"annotations":{"a/b":"3"}}}"#)))
        #expect(try JSONPointer("/a~1b/c~0d").tokens == ["a/b", "c~d"])
        #expect(throws: PatchFailure.self) { try JSONPointer("/a~2") }
        #expect(throws: PatchFailure.self) { try JSONPointer("a") }
    }

    @Test("a failed test or a missing path is unprocessable; a non-array patch is malformed")
    func failures() throws {
        let document = try json(#"{"a":1,"l":[1]}"#)
        for text in [#"[{"op":"test","path":"/a","value":2}]"#, #"[{"op":"replace","path":"/zz","value":2}]"#,
                     #"[{"op":"remove","path":"/l/5"}]"#, #"[{"op":"add","path":"/x/y","value":2}]"#,
                     #"[{"op":"frob","path":"/a"}]"#] {
            let patch = try json(text)
            do {
                _ = try JSONPatch.apply(patch, to: document)
                Issue.record("expected a failure for \(text)")
            } catch {
                #expect(error.apiError.code == 422, "\(text)")
            }
        }
        let notArray = try json(#"{"op":"add"}"#)
        do {
            _ = try JSONPatch.apply(notArray, to: document)
            Issue.record("expected a failure")
        } catch {
            #expect(error.apiError.code == 400)
        }
        // A failed operation leaves nothing half-applied: the input is a value.
        #expect(document == (try json(#"{"a":1,"l":[1]}"#)))
    }

    @Test("test compares numbers by value")
    func numericTest() throws {
        let patch = try json(#"[{"op":"test","path":"/a","value":1.0}]"#)
        #expect(try JSONPatch.apply(patch, to: try json(#"{"a":1}"#)) == (try json(#"{"a":1}"#)))
    }
}

@Suite("Merge patch (RFC 7386)")
struct PatchMergePatchTests {
    @Test("members merge recursively, null deletes, arrays replace")
    func merge() throws {
        let target = try JSONValue(parsing: #"{"a":"b","c":{"d":"e","f":"g"},"l":[1,2]}"#)
        let patch = try JSONValue(parsing: #"{"a":"z","c":{"f":null,"h":{"i":null,"j":1}},"l":[3]}"#)
        #expect(MergePatch.apply(patch, to: target) == (try JSONValue(parsing: #"{"a":"z","c":{"d":"e","h":{"j":1}},"l":[3]}"#)))
    }

    @Test("a non-object patch replaces the target")
    func replaceWhole() throws {
        #expect(MergePatch.apply(.array([1]), to: ["a": 1]) == .array([1]))
    }
}
