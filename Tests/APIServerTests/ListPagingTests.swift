import APIServer
import Foundation
import Kernel
import Testing

@Suite("LIST paging with limit and continue")
struct ListPagingTests {
    @Test("paging 250 objects by 100 returns each once, in order, at one snapshot while writes happen")
    func pagesAreStable() async throws {
        try await withServer { api, port in
            let names = (0..<250).map { String(format: "cm-%03d", $0) }
            for name in names.shuffled() { _ = try await api.create(.configMaps, namespace: "default", object: configMap(name)) }

            var seen: [String] = []
            var token: String?
            var revisions: Set<String> = []
            var pages = 0
            repeat {
                let path = "/api/v1/namespaces/default/configmaps?limit=100" + (token.map { "&continue=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0) } ?? "")
                let reply = try await RawHTTP.send(port: port, "GET", path)
                #expect(reply.status == 200)
                let list = try #require(reply.json)
                seen += (list["items"]?.arrayValue ?? []).compactMap(\.name)
                revisions.insert(list[path: "metadata", "resourceVersion"]?.stringValue ?? "")
                token = list[path: "metadata", "continue"]?.stringValue
                if pages == 0 { #expect(list[path: "metadata", "remainingItemCount"]?.intValue == 150) }
                pages += 1
                // Writes between pages must not show up in (or disturb) this list.
                _ = try await api.create(.configMaps, namespace: "default", object: configMap("cm-new-\(pages)"))
                _ = try await api.delete(.configMaps, namespace: "default", name: names[249 - pages])
            } while token != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == names)
            #expect(revisions.count == 1)
        }
    }

    @Test("a continue token whose snapshot was compacted is 410 Expired; a malformed one is 400")
    func expiredAndMalformedTokens() async throws {
        try await withServer { api, port in
            for index in 0..<5 { _ = try await api.create(.configMaps, namespace: "default", object: configMap("c\(index)")) }
            let first = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps?limit=2")
            let token = try #require(first.json?[path: "metadata", "continue"]?.stringValue)
            _ = try await api.create(.configMaps, namespace: "default", object: configMap("later"))
            try api.store.compact(before: api.store.currentRevision)

            let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? token
            let expired = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=\(encoded)")
            expectStatus(expired, 410, "Expired")
            #expect(expired.json?["message"]?.stringValue?.hasPrefix("The provided continue parameter is too old") == true)

            let malformed = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps?limit=2&continue=not-a-token")
            expectStatus(malformed, 400, "BadRequest")
        }
    }

    @Test("kubectl get pods --chunk-size=2 lists all 5 pods", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
    func kubectlChunks() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            for index in 1...5 { _ = try await api.create(.pods, namespace: "default", object: pod("p\(index)")) }
            let table = try await kubectl(port: port, ["get", "pods", "--chunk-size=2", "-v=6"], cacheDir: directory.path("cache"))
            #expect(table.status == 0, "kubectl failed: \(table.stderr)")
            // kubectl really paged: three requests, the later ones with a continue token.
            #expect(table.stderr.components(separatedBy: "limit=2").count - 1 == 3)
            #expect(table.stderr.contains("continue="))
            for index in 1...5 { #expect(table.stdout.contains("p\(index) ")) }

            let names = try await kubectl(port: port, ["get", "pods", "--chunk-size=2", "-o", "name"], cacheDir: directory.path("cache"))
            #expect(names.status == 0, "kubectl failed: \(names.stderr)")
            #expect(names.stdout.split(separator: "\n").map(String.init) == (1...5).map { "pod/p\($0)" })
        }
    }
}
