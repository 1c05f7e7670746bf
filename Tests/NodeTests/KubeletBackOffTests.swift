import Foundation
import Kernel
import Testing
@testable import Node

/// The kubelet's back-off arithmetic: flowcontrol-style per-key entries, the crash-loop decision
/// and its messages, Go duration text.
@Suite("kubelet: back-off arithmetic")
struct KubeletBackOffTests {
    private let start = ContinuousClock.now

    private func at(_ seconds: Double) -> ContinuousClock.Instant {
        start + .milliseconds(Int64(seconds * 1000))
    }

    @Test func kubernetesPolicyDoublesFromTenSecondsToFiveMinutes() {
        let policy = BackOffPolicy.kubernetes()
        #expect(policy.initial == .seconds(10))
        #expect(policy.maximum == .seconds(300))
        #expect(policy.resetAfter == .seconds(600))
        let delays = (1...7).map { policy.delay(afterFailures: $0) }
        #expect(delays == [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(160), .seconds(300), .seconds(300)])
        // A maximum below the initial period becomes the initial period too, as the kubelet does.
        let short = BackOffPolicy.kubernetes(initial: .seconds(10), maximum: .seconds(2))
        #expect(short.initial == .seconds(2) && short.maximum == .seconds(2))
    }

    @Test func aContainerRestartsAtOnceAfterItsFirstExitThenBacksOffDoubling() {
        var table = BackOffTable(policy: .kubernetes())
        // First exit: no entry, so no back-off; the restart records the first delay.
        #expect(!table.isInBackOff("app", since: at(0), now: at(0.1)))
        table.next("app", eventTime: at(0), now: at(0.1))
        #expect(table.delay("app") == .seconds(10))
        // Second exit 1 s later: 10 s from that exit are waited out.
        #expect(table.isInBackOff("app", since: at(1), now: at(1.5)))
        #expect(table.isInBackOff("app", since: at(1), now: at(10.9)))
        #expect(!table.isInBackOff("app", since: at(1), now: at(11)))
        #expect(table.end("app", since: at(1)) == at(11))
        table.next("app", eventTime: at(1), now: at(11))
        #expect(table.delay("app") == .seconds(20))
        // Keys are independent.
        #expect(!table.isInBackOff("sidecar", since: at(1), now: at(1.5)))
        // Up to the maximum.
        for second in 2...10 { table.next("app", eventTime: at(Double(second * 20)), now: at(Double(second * 20))) }
        #expect(table.delay("app") == .seconds(300))
    }

    @Test func tenMinutesOfRunningResetsTheBackOff() {
        var table = BackOffTable(policy: .kubernetes())
        table.next("app", eventTime: at(0), now: at(0))
        table.next("app", eventTime: at(5), now: at(15))
        #expect(table.delay("app") == .seconds(20))
        // Restarted at 15 s, ran until 15 s + 10 min + 1 s: forgiven, restarted at once.
        let exit = at(15 + 601)
        #expect(!table.isInBackOff("app", since: exit, now: exit + .seconds(1)))
        table.next("app", eventTime: exit, now: exit + .seconds(1))
        #expect(table.delay("app") == .seconds(10))
        // Exactly ten minutes is not more than ten minutes.
        var other = BackOffTable(policy: .kubernetes())
        other.next("app", eventTime: at(0), now: at(0))
        #expect(other.isInBackOff("app", since: at(600), now: at(601)))
    }

    @Test func imagePullBackOffCountsFromTheFailedPull() {
        var table = BackOffTable(policy: .kubernetes())
        #expect(!table.isInBackOffSinceUpdate("nginx:nope", now: at(0)))
        table.next("nginx:nope", eventTime: at(0), now: at(0))
        #expect(table.isInBackOffSinceUpdate("nginx:nope", now: at(9.9)))
        #expect(!table.isInBackOffSinceUpdate("nginx:nope", now: at(10)))
        table.next("nginx:nope", eventTime: at(10), now: at(10))
        #expect(table.isInBackOffSinceUpdate("nginx:nope", now: at(29.9)))
        #expect(table.endSinceUpdate("nginx:nope") == at(30))
    }

    @Test func theCrashLoopDecisionNamesTheDelayContainerAndPod() throws {
        let pod = PodView(pod: ["metadata": ["name": "web", "namespace": "shop", "uid": "u-1"], "spec": [:]])
        var table = BackOffTable(policy: .kubernetes())
        let wall = Date()
        let now = ContinuousClock.now
        let nanos = Int64(wall.timeIntervalSince1970 * 1_000_000_000)
        let exited = ContainerSnapshot(status: ["id": "c1", "state": "CONTAINER_EXITED", "exitCode": 1,
                                                "finishedAt": .string(String(nanos - 500_000_000))], fallbackID: "c1")
        #expect(CrashLoopBackOff.decide(container: "main", exited: exited, pod: pod, table: &table, now: now, wallNow: wall) == .restart)
        let again = CrashLoopBackOff.decide(container: "main", exited: exited, pod: pod, table: &table, now: now, wallNow: wall)
        guard case .wait(let waiting, let until) = again else {
            Issue.record("expected a back-off, got \(again)")
            return
        }
        #expect(waiting.reason == "CrashLoopBackOff")
        #expect(waiting.message == "back-off 10s restarting failed container=main pod=web_shop(u-1)")
        #expect(until == now - .milliseconds(500) + .seconds(10))
        #expect(CrashLoopBackOff.eventMessage(container: "main", pod: pod) == "Back-off restarting failed container main in pod web_shop(u-1)")
    }

    @Test func goDurationsPrintAndParseAsGoDoes() {
        #expect(GoDuration.format(.seconds(10)) == "10s")
        #expect(GoDuration.format(.seconds(80)) == "1m20s")
        #expect(GoDuration.format(.seconds(300)) == "5m0s")
        #expect(GoDuration.format(.seconds(3600)) == "1h0m0s")
        #expect(GoDuration.format(.milliseconds(1500)) == "1.5s")
        #expect(GoDuration.format(.milliseconds(250)) == "250ms")
        #expect(GoDuration.format(.microseconds(1500)) == "1.5ms")
        #expect(GoDuration.format(.zero) == "0s")
        #expect(GoDuration.parse("1m30s") == .seconds(90))
        #expect(GoDuration.parse("300ms") == .milliseconds(300))
        #expect(GoDuration.parse("1.5h") == .seconds(5400))
        #expect(GoDuration.parse("2m0.5s") == .milliseconds(120_500))
        #expect(GoDuration.parse("0") == .zero)
        for bad in ["", "10", "s", "1x", "1.s5", "--1s"] { #expect(GoDuration.parse(bad) == nil, "\(bad)") }
    }
}
