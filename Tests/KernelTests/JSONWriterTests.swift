import Foundation
import Kernel
import Testing

/// The JSON writer: what it writes parses back to the same document, with Foundation's parser
/// as an independent judge, and keys come out sorted.
@Suite("JSON writer")
struct JSONWriterTests {
    static let document: JSONValue = [
        "kind": "Pod", "z": [1, 2.5, -3, true, false, .null, [], [:]],
        "escapes": "quote \" backslash \\ slash / newline \n tab \t bell \u{07} nul \u{00} é 日本 🚀",
        "nested": ["b": ["c": "d"], "a": 9_007_199_254_740_993],
        "big": 1e300, "small": -0.000001,
    ]

    @Test func roundTripsThroughItsOwnParserAndFoundations() throws {
        for pretty in [false, true] {
            let data = Self.document.serialized(pretty: pretty)
            #expect(try JSONValue(parsing: data) == Self.document)
            let foundation = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect(foundation?["escapes"] as? String == Self.document["escapes"]?.stringValue)
            #expect((foundation?["nested"] as? [String: Any])?["a"] as? Int == 9_007_199_254_740_993)
        }
    }

    @Test func writesSortedKeysCompactly() {
        let value: JSONValue = ["b": 1, "a": ["y": "x", "c": .null], "e": [], "d": [:]]
        #expect(value.text == #"{"a":{"c":null,"y":"x"},"b":1,"d":{},"e":[]}"#)
        #expect(JSONValue.double(.infinity).text == "null")
    }
}
