import APIServer
import Foundation
import Kernel
import Testing

/// PodDisruptionBudgets (policy/v1) through the real kubectl, and the pods/eviction
/// subresource over HTTP against budgets whose status is set by hand (no controller runs).
@Suite("PodDisruptionBudgets and evictions")
struct PodDisruptionBudgetTests {
    static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

    static func budget(_ name: String, _ spec: JSONValue) -> JSONValue {
        ["apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": ["name": .string(name)], "spec": spec]
    }

    /// The first cause of a Status reply.
    static func cause(_ reply: HTTPReply) -> JSONValue? {
        reply.json?[path: "details", "causes"]?.arrayValue?.first
    }

    @Test("kubectl creates budgets and lists them with their bounds; invalid budgets get 422", .enabled(if: hasKubectl))
    func kubectlBudgets() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let cache = directory.path("cache")
        try await withServer { api, port in
            func run(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
                try await kubectlSucceeds(port: port, arguments, cacheDir: cache, sourceLocation: sourceLocation)
            }
            #expect(try await run(["create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=2"])
                .contains("poddisruptionbudget.policy/web created"))
            #expect(try await run(["create", "pdb", "db", "--selector=app=db", "--max-unavailable=25%"])
                .contains("poddisruptionbudget.policy/db created"))
            let table = try await run(["get", "pdb"]).split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
            #expect(table.first == "NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE", "\(table)")
            #expect(table.contains { $0.hasPrefix("db N/A 25% 0 ") }, "\(table)")
            #expect(table.contains { $0.hasPrefix("web 2 N/A 0 ") }, "\(table)")

            let stored = try await api.get(.podDisruptionBudgets, namespace: "default", name: "web")
            #expect(stored[path: "metadata", "generation"] == 1)
            #expect(stored["status"] == ["disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0, "expectedPods": 0])
            let explained = try await run(["explain", "pdb.status.disruptionsAllowed"])
            #expect(explained.contains("disruptionsAllowed") && explained.contains("integer"), "\(explained)")

            let both = directory.path("both.json")
            try Data(Self.budget("both", ["minAvailable": 1, "maxUnavailable": 1, "selector": ["matchLabels": ["app": "web"]]]).text.utf8)
                .write(to: URL(fileURLWithPath: both))
            let rejected = try await kubectl(port: port, ["create", "-f", both], cacheDir: cache)
            #expect(rejected.status != 0)
            #expect(rejected.stderr.contains("The PodDisruptionBudget \"both\" is invalid"), "\(rejected.stderr)")
            #expect(rejected.stderr.contains("minAvailable and maxUnavailable cannot be both set"), "\(rejected.stderr)")
        }
        try await withAPI { api in
            let invalid = Self.budget("bad", [
                "maxUnavailable": "120%", "unhealthyPodEvictionPolicy": "Sometimes",
                "selector": ["matchExpressions": [["key": "app", "operator": "In"]]],
            ])
            let error = await expectAPIError { _ = try await api.create(.podDisruptionBudgets, namespace: "default", object: invalid) }
            #expect(error?.code == 422)
            #expect(error?.causes.map(\.field) == ["spec.maxUnavailable", "spec.selector.matchExpressions[0].values", "spec.unhealthyPodEvictionPolicy"])
            #expect(error?.causes.last?.message == "Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")
        }
    }

    @Test("discovery serves policy/v1 budgets and the pods/eviction subresource")
    func discovery() async throws {
        try await withServer { _, port in
            let core = try await RawHTTP.send(port: port, "GET", "/api/v1")
            let eviction = core.json?["resources"]?.arrayValue?.first { $0["name"] == "pods/eviction" }
            #expect(eviction?["group"] == "policy" && eviction?["version"] == "v1" && eviction?["kind"] == "Eviction")
            #expect(eviction?["verbs"] == ["create"])
            let policy = try await RawHTTP.send(port: port, "GET", "/apis/policy/v1")
            let names = (policy.json?["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            #expect(names == ["poddisruptionbudgets", "poddisruptionbudgets/status"])
            #expect(policy.json?["resources"]?.arrayValue?.first?["shortNames"] == ["pdb"])
        }
    }

    @Test("an eviction is refused with 429 while the budget is unprocessed or spent, and deletes the pod within it")
    func evictions() async throws {
        try await withServer { api, port in
            var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web-1", "labels": ["app": "web"]],
                                  "spec": ["containers": [["name": "main", "image": "nginx:1.25"]]]]
            pod = try await api.create(.pods, namespace: "default", object: pod)
            pod[path: "status", "phase"] = "Running"
            pod[path: "status", "conditions"] = [["type": "Ready", "status": "True"]]
            _ = try await api.updateStatus(.pods, namespace: "default", object: pod)
            _ = try await api.create(.podDisruptionBudgets, namespace: "default",
                                     object: Self.budget("web", ["minAvailable": 1, "selector": ["matchLabels": ["app": "web"]]]))
            let path = "/api/v1/namespaces/default/pods/web-1/eviction"
            let body: JSONValue = ["apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": "web-1", "namespace": "default"]]

            let unprocessed = try await RawHTTP.send(port: port, "POST", path, json: body)
            expectStatus(unprocessed, 429, "TooManyRequests")
            #expect(Self.cause(unprocessed)?["message"] == "The disruption budget web is still being processed by the server.")

            func setBudget(allowed: Int64) async throws {
                var budget = try await api.get(.podDisruptionBudgets, namespace: "default", name: "web")
                budget["status"] = ["observedGeneration": 1, "disruptionsAllowed": .int(allowed), "currentHealthy": 1,
                                    "desiredHealthy": .int(1 - allowed), "expectedPods": 1]
                _ = try await api.updateStatus(.podDisruptionBudgets, namespace: "default", object: budget)
            }
            try await setBudget(allowed: 0)
            let spent = try await RawHTTP.send(port: port, "POST", path, json: body)
            expectStatus(spent, 429, "TooManyRequests")
            #expect(spent.json?["message"] == "Cannot evict pod as it would violate the pod's disruption budget.")
            #expect(Self.cause(spent)?["reason"] == "DisruptionBudget")
            #expect(Self.cause(spent)?["message"] == "The disruption budget web needs 1 healthy pods and has 1 currently")
            _ = try await api.get(.pods, namespace: "default", name: "web-1")

            let missing = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/pods/nope/eviction",
                                                 json: ["apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": "nope"]])
            expectStatus(missing, 404, "NotFound")
            let mismatched = try await RawHTTP.send(port: port, "POST", path,
                                                    json: ["apiVersion": "policy/v1", "kind": "Eviction", "metadata": ["name": "other"]])
            expectStatus(mismatched, 400, "BadRequest")

            try await setBudget(allowed: 1)
            let dryRun = try await RawHTTP.send(port: port, "POST", path + "?dryRun=All", json: body)
            #expect(dryRun.status == 201, "\(dryRun.text)")
            _ = try await api.get(.pods, namespace: "default", name: "web-1")
            let untouched = try await api.get(.podDisruptionBudgets, namespace: "default", name: "web")
            #expect(untouched[path: "status", "disruptionsAllowed"] == 1 && untouched[path: "status", "disruptedPods"] == nil)

            let legacy: JSONValue = ["apiVersion": "policy/v1beta1", "kind": "Eviction", "metadata": ["name": "web-1"],
                                     "deleteOptions": ["gracePeriodSeconds": 0]]
            let accepted = try await RawHTTP.send(port: port, "POST", path, json: legacy)
            #expect(accepted.status == 201, "\(accepted.text)")
            #expect(accepted.json?["status"] == "Success")
            let gone = await expectAPIError { _ = try await api.get(.pods, namespace: "default", name: "web-1") }
            #expect(gone?.code == 404)
            let budget = try await api.get(.podDisruptionBudgets, namespace: "default", name: "web")
            #expect(budget[path: "status", "disruptionsAllowed"] == 0)
            #expect(budget[path: "status", "disruptedPods", "web-1"]?.stringValue != nil)
            #expect(budget[path: "status", "conditions"]?.arrayValue?.first?["reason"] == "InsufficientPods")
        }
    }

    @Test("pending pods go without a budget check; not-ready pods go while the budget is met, or always under AlwaysAllow")
    func unhealthyPods() async throws {
        try await withAPI { api in
            func pod(_ name: String, phase: String?, ready: Bool) async throws {
                var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "labels": ["app": "db"]],
                                      "spec": ["containers": [["name": "main", "image": "postgres:16"]]]]
                pod = try await api.create(.pods, namespace: "default", object: pod)
                guard let phase else { return }
                pod[path: "status", "phase"] = .string(phase)
                pod[path: "status", "conditions"] = [["type": "Ready", "status": .string(ready ? "True" : "False")]]
                _ = try await api.updateStatus(.pods, namespace: "default", object: pod)
            }
            func setBudget(current: Int64, policy: String? = nil) async throws {
                var budget = try await api.get(.podDisruptionBudgets, namespace: "default", name: "db")
                if let policy {
                    budget[path: "spec", "unhealthyPodEvictionPolicy"] = .string(policy)
                    budget = try await api.update(.podDisruptionBudgets, namespace: "default", object: budget)
                }
                budget["status"] = ["observedGeneration": budget[path: "metadata", "generation"] ?? 1, "disruptionsAllowed": 0,
                                    "currentHealthy": .int(current), "desiredHealthy": 1, "expectedPods": 2]
                _ = try await api.updateStatus(.podDisruptionBudgets, namespace: "default", object: budget)
            }
            func isGone(_ name: String) async -> Bool {
                (try? await api.get(.pods, namespace: "default", name: name)) == nil
            }
            _ = try await api.create(.podDisruptionBudgets, namespace: "default",
                                     object: Self.budget("db", ["minAvailable": 1, "selector": ["matchLabels": ["app": "db"]]]))
            try await setBudget(current: 1)

            try await pod("pending", phase: nil, ready: false)
            try await api.evict(podNamespace: "default", podName: "pending", options: DeleteOptions())
            #expect(await isGone("pending"))

            // The budget is met (1 of 1 healthy): a not-ready pod may go, the budget is not spent.
            try await pod("starting", phase: "Running", ready: false)
            try await api.evict(podNamespace: "default", podName: "starting", options: DeleteOptions())
            #expect(await isGone("starting"))
            let unspent = try await api.get(.podDisruptionBudgets, namespace: "default", name: "db")
            #expect(unspent[path: "status", "disruptedPods"] == nil)

            // Not met: refused under IfHealthyBudget, allowed under AlwaysAllow.
            try await setBudget(current: 0)
            try await pod("broken", phase: "Running", ready: false)
            let refused = await expectAPIError { try await api.evict(podNamespace: "default", podName: "broken", options: DeleteOptions()) }
            #expect(refused?.code == 429)
            #expect(refused?.causes.first?.message == "The disruption budget db needs 1 healthy pods and has 0 currently")
            try await setBudget(current: 0, policy: "AlwaysAllow")
            try await api.evict(podNamespace: "default", podName: "broken", options: DeleteOptions())
            #expect(await isGone("broken"))
        }
    }
}
