import Foundation
@testable import SchedulerKit
import Testing

/// How DefaultPreemption sorts potential victims by PodDisruptionBudget violation
/// (kube-scheduler's filterPodsWithPDBViolation).
@Suite struct PreemptionBudgetTests {
    typealias F = DefaultPluginFixtures

    static func victim(_ name: String, labels: String, namespace: String = "default") throws -> PodInfo {
        PodInfo(try F.pod("""
            {"metadata":{"name":"\(name)","namespace":"\(namespace)","uid":"uid-\(name)","labels":\(labels)},
             "spec":{"priority":1,"containers":[]}}
            """))
    }

    static func budget(_ json: String) throws -> DisruptionBudget {
        try JSONDecoder().decode(DisruptionBudget.self, from: Data(json.utf8))
    }

    static func names(_ pods: [PodInfo]) -> [String] { pods.compactMap { $0.pod.metadata?.name } }

    @Test func victimsSpendTheBudgetInOrderAndAcceptedEvictionsAreFree() throws {
        let budgets = [
            try Self.budget(#"{"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":1,"disruptedPods":{"web-0":"2026-01-01T00:00:00Z"}}}"#),
            try Self.budget(#"{"metadata":{"name":"all","namespace":"default"},"spec":{"selector":{}},"status":{"disruptionsAllowed":0}}"#),
            try Self.budget(#"{"metadata":{"name":"other","namespace":"other"},"spec":{"selector":{"matchLabels":{"app":"web"}}},"status":{"disruptionsAllowed":0}}"#),
        ]
        let pods = [
            try Self.victim("web-0", labels: #"{"app":"web"}"#), try Self.victim("web-1", labels: #"{"app":"web"}"#),
            try Self.victim("web-2", labels: #"{"app":"web"}"#), try Self.victim("db-0", labels: #"{"app":"db"}"#),
            try Self.victim("bare", labels: "{}"),
        ]
        let (violating, nonViolating) = VictimSelection.splitByPDBViolation(pods, budgets: budgets)
        // web-0's eviction was already accepted; web-1 takes the one disruption left; web-2 is one
        // too many. The empty selector and the other namespace's budget select nothing.
        #expect(Self.names(violating) == ["web-2"])
        #expect(Self.names(nonViolating) == ["web-0", "web-1", "db-0", "bare"])
    }
}
