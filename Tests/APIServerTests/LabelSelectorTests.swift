import APIServer
import Foundation
import Kernel
import Testing

/// Label selectors in Kubernetes' query syntax: equality, sets, existence and comparisons, in
/// the parser and through the real kubectl's `-l`.
@Suite("Label selectors")
struct LabelSelectorTests {
    private let labels = ["app": "web", "env": "prod", "tier": "front", "shard": "4"]

    private func matches(_ text: String) throws -> Bool { try LabelSelector(parsing: text).matches(labels) }

    @Test func everyOperator() throws {
        #expect(try matches("app=web,env==prod,tier!=db"))
        #expect(try matches("env in (prod, qa),tier notin (db)"))
        #expect(try !matches("env in (qa,dev)"))
        #expect(try matches("owner notin (ops)"), "notin holds when the label is absent")
        #expect(try matches("app,!canary"))
        #expect(try !matches("!app"))
        #expect(try matches("shard>3,shard<5"))
        #expect(try !matches("shard>4"))
        #expect(try LabelSelector(parsing: "env in (prod,qa), !canary,app").description == "env in (prod,qa),!canary,app")
    }

    @Test func badSyntaxIsABadRequest() {
        for text in ["env in prod", "env in (prod", "a=b)", "shard>x", "x y z"] {
            #expect(throws: APIError.self, "\(text)") { try LabelSelector(parsing: text) }
        }
        #expect(throws: APIError.self) { try FieldSelector(parsing: "metadata.name in (a)", for: .pods) }
    }

    @Test("kubectl get -l with set-based and existence selectors", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
    func kubectlSetBasedSelectors() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        try await withServer { api, port in
            _ = try await api.create(.pods, namespace: "default", object: pod("a", labels: ["env": "prod", "canary": "yes"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("b", labels: ["env": "qa"]))
            _ = try await api.create(.pods, namespace: "default", object: pod("c", labels: ["env": "dev"]))
            func names(_ selector: String) async throws -> String {
                try await kubectlSucceeds(port: port, ["get", "pods", "-l", selector, "-o", "jsonpath={.items[*].metadata.name}"],
                                          cacheDir: directory.path("cache"))
            }
            #expect(try await names("env in (prod,qa)") == "a b")
            #expect(try await names("env notin (prod,qa)") == "c")
            #expect(try await names("canary") == "a")
            #expect(try await names("!canary,env!=dev") == "b")
        }
    }
}
