import APIServer
import Foundation
import Kernel
import Testing

@Suite("resourceVersion and resourceVersionMatch on GET and LIST")
struct ResourceVersionTests {
    private static let path = "/api/v1/namespaces/default/configmaps"

    @Test("Exact reads the past, NotOlderThan and 0 read the present")
    func matchRules() async throws {
        try await withServer { api, port in
            let first = try await api.create(.configMaps, namespace: "default", object: configMap("a"))
            let then = try #require(first.resourceVersion)
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("b"))

            func names(_ query: String) async throws -> [String] {
                let reply = try await RawHTTP.send(port: port, "GET", Self.path + query)
                #expect(reply.status == 200, "\(query): \(reply.json?["message"]?.stringValue ?? "")")
                return (reply.json?["items"]?.arrayValue ?? []).compactMap(\.name)
            }
            #expect(try await names("?resourceVersion=\(then)&resourceVersionMatch=Exact") == ["a"])
            #expect(try await names("?resourceVersion=\(then)&resourceVersionMatch=NotOlderThan") == ["a", "b"])
            #expect(try await names("?resourceVersion=0") == ["a", "b"])
            #expect(try await names("") == ["a", "b"])
            // Legacy: a paged list at a resourceVersion reads exactly it.
            #expect(try await names("?resourceVersion=\(then)&limit=10") == ["a"])

            let exactList = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=\(then)&resourceVersionMatch=Exact")
            #expect(exactList.json?[path: "metadata", "resourceVersion"]?.stringValue == String(then))
        }
    }

    @Test("Exact at a compacted revision is 410, a future revision 504, bad combinations 4xx")
    func errors() async throws {
        try await withServer { api, port in
            let first = try await api.create(.configMaps, namespace: "default", object: configMap("a"))
            let then = try #require(first.resourceVersion)
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("b"))
            try api.store.compact(before: api.store.currentRevision)
            let future = api.store.currentRevision + 100

            let compacted = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=\(then)&resourceVersionMatch=Exact")
            expectStatus(compacted, 410, "Expired")
            #expect(compacted.json?["message"] == "The resourceVersion for the provided list is too old.")

            let tooLarge = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=\(future)&resourceVersionMatch=NotOlderThan")
            expectStatus(tooLarge, 504, "Timeout")
            #expect(tooLarge.json?["message"]?.stringValue?.hasPrefix("Too large resource version") == true)
            let getTooLarge = try await RawHTTP.send(port: port, "GET", Self.path + "/a?resourceVersion=\(future)")
            expectStatus(getTooLarge, 504, "Timeout")
            let getAny = try await RawHTTP.send(port: port, "GET", Self.path + "/a?resourceVersion=0")
            #expect(getAny.status == 200)

            let matchAlone = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersionMatch=Exact")
            expectStatus(matchAlone, 422, "Invalid")
            #expect(matchAlone.json?["message"] == "ListOptions.meta.k8s.io \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
            let exactZero = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=0&resourceVersionMatch=Exact")
            expectStatus(exactZero, 422, "Invalid")
            let unknown = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=5&resourceVersionMatch=Newest")
            expectStatus(unknown, 422, "Invalid")
            let withContinue = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=5&continue=abc")
            expectStatus(withContinue, 400, "BadRequest")
            #expect(withContinue.json?["message"] == "specifying resource version is not allowed when using continue")
            let garbage = try await RawHTTP.send(port: port, "GET", Self.path + "?resourceVersion=abc")
            expectStatus(garbage, 400, "BadRequest")
        }
    }
}
