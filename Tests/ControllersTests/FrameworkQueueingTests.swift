import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The framework scheduler's queue: requeueing on the events the rejecting plugins registered
/// and not on others, the flush of unschedulable pods, back-off after errors, PreEnqueue gates.
@Suite("Framework queueing")
struct FrameworkQueueingTests {
    typealias F = FrameworkTesting
    typealias T = SchedulingTesting

    @Test func retriesWhenANodeIsAddedButNotOnAnUnrelatedEvent() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("a-1", ["pool": "a"])])
            try await F.withScheduler(api, profiles: [F.profile(filter: ["LabelFilter"])]) { scheduler, bundle in
                try await F.create(api, pod: F.pod("web", ["want-pool": "b"]))
                try await F.unschedulable(api, "web", message: "0/1 nodes are available: 1 node(s) didn't match pool b.")
                let calls = bundle.filterCalls("web")
                #expect(calls == 1)

                // An assigned pod comes and goes: LabelFilter registered no Pod events.
                try await F.create(api, pod: F.pod("bystander"))
                #expect(try await F.bound(api, "bystander") == "a-1")
                _ = try await api.delete(.pods, namespace: "default", name: "bystander", options: DeleteOptions(gracePeriodSeconds: 0))
                try await T.eventually("bystander gone") { () -> Bool? in
                    (try? await api.get(.pods, namespace: "default", name: "bystander")) == nil ? true : nil
                }
                // A pod created after the deletion is scheduled after the deletion was handled.
                try await F.create(api, pod: F.pod("sentinel"))
                #expect(try await F.bound(api, "sentinel") == "a-1")
                #expect(await F.queueState(scheduler, "web") == "unschedulable")
                #expect(bundle.filterCalls("web") == calls)

                try await F.create(api, nodes: [F.node("b-1", ["pool": "b"])])
                #expect(try await F.bound(api, "web") == "b-1")
            }
        }
    }

    @Test func flushesUnschedulablePodsAfterTheMaximumDuration() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("a-1", ["pool": "a"])])
            try await F.withScheduler(api, profiles: [F.profile(filter: ["LabelFilter"])], options: F.options(flush: .milliseconds(500))) { _, bundle in
                try await F.create(api, pod: F.pod("web", ["want-pool": "b"]))
                try await T.eventually("a retry without any event") { bundle.filterCalls("web") >= 3 ? true : nil }
            }
        }
    }

    @Test func backsOffAfterABindFailureAndUnreservesAndForgets() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1")])
            let profile = F.profile(bind: ["FlakyBinder", "DefaultBinder"])
            try await F.withScheduler(api, profiles: [profile]) { _, bundle in
                try await F.create(api, pod: F.pod("web", ["bind-fail": "2"]))
                #expect(try await F.bound(api, "web") == "n1")
                let log = bundle.log.filter { $0.hasSuffix(":web") }
                #expect(log.filter { $0 == "bind:web" }.count == 3)
                #expect(log.filter { $0 == "unreserve:web" }.count == 2)
                #expect(log.filter { $0 == "forget:web" }.count == 2)
                let warning = try await T.eventually("FailedScheduling") { try await T.events(api, about: "web", reason: "FailedScheduling").first }
                #expect(warning["message"] == "running Bind plugin \"FlakyBinder\": injected bind failure")
            }
        }
    }

    @Test func holdsGatedPodsUntilAnUpdateLetsThemIn() async throws {
        try await T.withCluster { api in
            try await F.create(api, nodes: [F.node("n1")])
            try await F.withScheduler(api, profiles: [F.profile(preEnqueue: ["FakeGate"])]) { scheduler, _ in
                try await F.create(api, pod: F.pod("web", ["gated": "true"]))
                try await T.eventually("web gated") { await F.queueState(scheduler, "web") == "gated" ? true : nil }
                var pod = try await api.get(.pods, namespace: "default", name: "web")
                pod.labels = ["gated": "false"]
                _ = try await api.update(.pods, namespace: "default", object: pod)
                #expect(try await F.bound(api, "web") == "n1")
            }
        }
    }
}
