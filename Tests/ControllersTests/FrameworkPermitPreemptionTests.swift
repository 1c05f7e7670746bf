import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// Permit waits (allowed by another pod's verdict, or timed out) and PostFilter nominations with
/// victims deleted.
@Suite("Framework permit and preemption")
struct FrameworkPermitPreemptionTests {
    typealias F = FrameworkTesting
    typealias T = SchedulingTesting

    @Test func aWaitingPodIsReleasedByAnotherPodsVerdict() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1"), F.node("n2")])
            try await F.withScheduler(api, profiles: [F.profile(permit: ["GangPermit"])]) { scheduler, _ in
                try await F.create(api, pod: F.pod("first", ["gang": "g", "gang-size": "2"]))
                try await T.eventually("first waits at Permit") { await F.queueState(scheduler, "first") == "waitingOnPermit" ? true : nil }
                #expect(try await F.nodeName(api, "first") == nil)
                try await F.create(api, pod: F.pod("second", ["gang": "g", "gang-size": "2"]))
                _ = try await F.bound(api, "second")
                _ = try await F.bound(api, "first")
            }
        }
    }

    @Test func aWaitingPodTimesOutAndIsUnreserved() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1")])
            try await F.withScheduler(api, profiles: [F.profile(permit: ["GangPermit"])]) { _, bundle in
                try await F.create(api, pod: F.pod("lonely", ["gang": "solo", "gang-size": "2", "gang-timeout-ms": "200"]))
                let condition = try await F.unschedulable(api, "lonely", message: "rejected due to timeout after waiting 200ms at plugin GangPermit")
                #expect(condition["reason"] == "Unschedulable")
                #expect(bundle.log.contains("unreserve:lonely"))
                #expect(bundle.log.contains("forget:lonely"))
                #expect(try await F.nodeName(api, "lonely") == nil)
            }
        }
    }

    @Test func postFilterNominatesANodeAndDeletesTheVictims() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1", ["slots": "1"])])
            var victim = F.pod("victim", ["victim": "true"])
            victim[path: "spec", "nodeName"] = "n1"
            victim[path: "spec", "terminationGracePeriodSeconds"] = 0
            victim[path: "metadata", "finalizers"] = ["example.com/hold"]
            try await F.create(api, pod: victim)
            try await F.withScheduler(api, profiles: [F.profile(filter: ["SlotsFilter"], postFilter: ["Nominator"])]) { _, _ in
                try await F.create(api, pod: F.pod("urgent", ["preempt": "true"]))
                // The victim is deleted (held by its finalizer) and the preemptor nominated to its node.
                let deleting = try await T.eventually("the victim deleted") { () -> JSONValue? in
                    let pod = try await api.get(.pods, namespace: "default", name: "victim")
                    return pod[path: "metadata", "deletionTimestamp"].flatMap { $0.isNull ? nil : pod }
                }
                let nominated = try await T.eventually("urgent nominated") { () -> String? in
                    try await api.get(.pods, namespace: "default", name: "urgent")[path: "status", "nominatedNodeName"]?.stringValue
                }
                #expect(nominated == "n1")
                try await F.unschedulable(api, "urgent", message: "0/1 nodes are available: 1 Insufficient cpu.")
                #expect(try await F.nodeName(api, "urgent") == nil)

                // Once the victim is gone (a Pod Delete event SlotsFilter registered), the preemptor takes its place.
                var released = deleting
                released[path: "metadata", "finalizers"] = []
                _ = try await api.update(.pods, namespace: "default", object: released)
                #expect(try await F.bound(api, "urgent") == "n1")
            }
        }
    }

    @Test func aFailedPostFilterAddsItsMessageToTheFitError() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1", ["slots": "0"]), F.node("n2", ["slots": "0"])])
            try await F.withScheduler(api, profiles: [F.profile(filter: ["SlotsFilter"], postFilter: ["Nominator"])]) { _, _ in
                try await F.create(api, pod: F.pod("plain"))
                try await F.unschedulable(
                    api, "plain",
                    message: "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.")
                #expect(try await api.get(.pods, namespace: "default", name: "plain")[path: "status", "nominatedNodeName"] == nil)
            }
        }
    }
}
