import Foundation
@testable import PluginSDK
import Testing

/// `PluginJSON.decode` reads documents through its own tape decoder: it must give what
/// Foundation's JSONDecoder gives for every shape plugins decode, and refuse what is not JSON.
@Suite struct PluginJSONTests {
    struct Sample: Decodable, Equatable {
        struct Port: Decodable, Equatable {
            var containerPort: Int
            var name: String?
        }
        enum Mode: String, Decodable { case fast, slow }
        var name: String
        var labels: [String: String]?
        var ports: [Port]
        var nested: [[Int64]]
        var ratio: Double
        var small: UInt8
        var flag: Bool?
        var missing: String?
        var explicitNull: Int?
        var mode: Mode
        var optionals: [String?]
        var unicode: String
    }

    static let sample = #"""
    { "name": "web-0", "labels": {"app": "web", "tier\/x": "front"},
      "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}],
      "nested": [[1, -2], [], [9007199254740993]], "ratio": 2.5e-1, "small": 200,
      "flag": false, "explicitNull": null, "mode": "slow", "optionals": ["a", null],
      "unicode": "tab\there \"q\" \u00e9 \ud83d\ude00 / \\", "ignored": {"deep": [1, {"x": true}]} }
    """#

    @Test func decodesWhatFoundationDecodes() throws {
        let data = Data(Self.sample.utf8)
        let expected = try JSONDecoder().decode(Sample.self, from: data)
        let decoded = try PluginJSON.decode(Sample.self, from: data)
        #expect(decoded == expected)
        #expect(decoded.unicode == "tab\there \"q\" é 😀 / \\")
        #expect(decoded.labels == ["app": "web", "tier/x": "front"])
        #expect(decoded.nested == [[1, -2], [], [9_007_199_254_740_993]])
    }

    @Test func scalarsAtTheRootAndExactNumbers() throws {
        #expect(try PluginJSON.decode(String.self, from: Data(#""x""#.utf8)) == "x")
        #expect(try PluginJSON.decode(Int.self, from: Data(" 1e3 ".utf8)) == 1000)
        #expect(try PluginJSON.decode(Int64.self, from: Data("-9223372036854775808".utf8)) == Int64.min)
        #expect(try PluginJSON.decode([Double].self, from: Data("[0, -0.5, 1E2]".utf8)) == [0, -0.5, 100])
        #expect(try PluginJSON.decode([String: Int?].self, from: Data(#"{"a":null}"#.utf8)) == ["a": nil])
    }

    @Test("large maps decode as Foundation decodes them, keys looked up in any order")
    func largeMapsAndAnyKeyOrder() throws {
        let entries = (0..<3000).map { #""key-\#($0)":\#($0)"# }.joined(separator: ",")
        let data = Data("{\(entries)}".utf8)
        #expect(try PluginJSON.decode([String: Int].self, from: data) == JSONDecoder().decode([String: Int].self, from: data))
        struct Backwards: Decodable, Equatable { var c: Int; var b: Int?; var a: Int; var missing: Int? }
        let backwards = Data(#"{"a":1,"b":2,"c":3}"#.utf8)
        #expect(try PluginJSON.decode(Backwards.self, from: backwards) == Backwards(c: 3, b: 2, a: 1, missing: nil))
    }

    @Test func errorsNameTheField() {
        func message(_ json: String) -> String {
            do {
                _ = try PluginJSON.decode(Sample.self, from: Data(json.utf8), what: "pod")
                return "decoded"
            } catch {
                return "\(error)"
            }
        }
        let base = #""ports":[],"nested":[],"ratio":1,"small":1,"mode":"fast","optionals":[],"unicode":"""#
        #expect(message("{\(base)}").contains("pod: missing field name"))
        #expect(message(#"{"name":5,"# + base + "}").contains("pod: field name is not String"))
        #expect(message(#"{"name":null,"# + base + "}").contains("pod: field name is null"))
        #expect(message(#"{"name":"n","ports":[{"containerPort":"80"}],"nested":[],"ratio":1,"small":1,"mode":"fast","optionals":[],"unicode":""}"#)
            .contains("pod: field ports.[0].containerPort is not Int"))
        #expect(message(#"{"name":"n","ports":[],"nested":[],"ratio":1,"small":300,"mode":"fast","optionals":[],"unicode":""}"#)
            .contains("pod: field small: Number 300 is not representable"))
    }

    @Test func refusesWhatIsNotJSON() {
        for bad in ["", "{", #"{"a" 1}"#, "[1,]", "[01]", "1.", "-", "tru", #""a"#, "{} x", #"{"a":"\q"}"#, "[\"\u{1}\"]", "nul"] {
            #expect(throws: PluginError.self, "\(bad)") { _ = try PluginJSON.decode([String: Int].self, from: Data(bad.utf8)) }
        }
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: PluginError.self) { _ = try PluginJSON.decode([Int].self, from: Data(deep.utf8)) }
    }
}
