import Foundation
import PluginABI
import PluginSDK
@testable import SchedulerKit
import Testing

/// A Permit plugin like a gang's: pods wait until a pod labelled `last` arrives, which allows
/// every waiting pod at once; Unreserve rejects the waiting ones.
final class HoldUntilLast: ReservePlugin, PermitPlugin {
    static let name = "HoldUntilLast"
    let waiting: WaitingPodsHolder = WaitingPodsHolder()
    init(args: Data?, snapshot: Snapshot) throws {}

    func reserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo) -> FrameworkStatus { .success }

    func unreserve(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting verdicts: inout [WaitingPodVerdict]) {
        verdicts = waiting.uids.map { WaitingPodVerdict(uid: $0, allow: false, message: "member \(pod.key) unreserved") }
        waiting.uids.removeAll()
    }

    func permit(_ state: CycleState, _ pod: PodInfo, node: NodeInfo, waiting verdicts: inout [WaitingPodVerdict])
        -> (FrameworkStatus, timeout: Duration)
    {
        guard pod.labels["last"] == nil else {
            verdicts = waiting.uids.map { WaitingPodVerdict(uid: $0, allow: true) }
            waiting.uids.removeAll()
            return (.success, .zero)
        }
        waiting.uids.append(pod.uid)
        return (FrameworkStatus(.wait), .seconds(30))
    }
}

/// The uids HoldUntilLast holds.
final class WaitingPodsHolder {
    var uids: [String] = []
}

/// A bundle offering only HoldUntilLast.
enum HoldCatalogue: BundleCatalogue {
    static let bundleName = "hold-test"
    static let version = "0.0.1"
    static let summary = "test bundle"
    static var plugins: [RegisteredPlugin] { [RegisteredPlugin(type: HoldUntilLast.self)] }
    static let defaultConfigJSON: String? = #"{"profiles":[]}"#
}

/// Permit through a bundle: Wait with its timeout, verdicts about other waiting pods, the
/// bundle's record of waiting pods.
@Suite struct BundlePermitTests {
    static func withBytes<R>(_ text: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try Array(text.utf8).withUnsafeBytes(body)
    }

    @Test func waitingPodsAreHeldAndReleasedByVerdicts() throws {
        let bundle = FrameworkBundle<HoldCatalogue>()
        #expect(HoldCatalogue.pluginInfos.first?.extensionPoints == UInt32(KEELSON_EP_RESERVE | KEELSON_EP_PERMIT))
        try Self.withBytes(#"{"type":"ADDED","object":\#(DefaultPluginFixtures.nodeJSON("n"))}"#) { try bundle.nodeEvent(index: 3, $0) }
        let plugin = try Self.withBytes("null") {
            try bundle.newPlugin(profile: 9, name: "HoldUntilLast", points: UInt32(KEELSON_EP_RESERVE | KEELSON_EP_PERMIT), args: $0)
        }
        func cycle(_ name: String, labels: String = "{}") throws -> UnsafeMutableRawPointer {
            let json = #"{"metadata":{"name":"\#(name)","namespace":"default","uid":"uid-\#(name)","labels":\#(labels)},"spec":{}}"#
            let pod = try Self.withBytes(json) { try bundle.newPod($0) }
            defer { bundle.freePod(pod) }
            return try bundle.beginCycle(pod: pod)
        }
        let first = try cycle("a")
        let held = try bundle.permit(plugin: plugin, cycle: first, node: 3)
        #expect(held.status.code == UInt8(KEELSON_FW_WAIT) && held.timeoutMilliseconds == 30_000 && held.verdicts.isEmpty)
        #expect(bundle.profile(9)?.waitingPods.pod(uid: "uid-a")?.node.index == 3)

        let last = try cycle("b", labels: #"{"last":"yes"}"#)
        let released = try bundle.permit(plugin: plugin, cycle: last, node: 3)
        #expect(released.status == .success && released.verdicts == [SchedulerWaitingVerdict(uid: "uid-a", allow: true)])
        #expect(bundle.waitingPods.all.isEmpty, "allowed by the only plugin that made it wait")

        let third = try cycle("c")
        _ = try bundle.permit(plugin: plugin, cycle: third, node: 3)
        #expect(try bundle.unreserve(plugin: plugin, cycle: last, node: 3)
            == [SchedulerWaitingVerdict(uid: "uid-c", allow: false, message: "member default/b unreserved")])
        #expect(bundle.waitingPods.pod(uid: "uid-c") == nil)
        #expect(throws: PluginError.self) { try bundle.permit(plugin: plugin, cycle: third, node: 4) }
        for handle in [first, last, third] { bundle.endCycle(handle) }
        bundle.freePlugin(plugin)
        #expect(bundle.profile(9) == nil)
    }
}
