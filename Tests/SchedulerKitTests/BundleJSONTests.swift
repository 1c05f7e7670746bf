@testable import PluginSDK
import Testing

/// The small JSON documents the v2 table writes by hand must be the header's shapes, escaped.
@Suite struct BundleJSONTests {
    @Test func documentsHaveTheHeadersShapes() {
        #expect(SchedulerBundleJSON.stringLists([["Insufficient cpu"], ["a \"b\"\\\n"]]) == #"[["Insufficient cpu"],["a \"b\"\\\n"]]"#)
        #expect(SchedulerBundleJSON.indices([0, 7]) == "[0,7]" && SchedulerBundleJSON.indices([]) == "[]")
        #expect(SchedulerBundleJSON.verdicts([
            SchedulerWaitingVerdict(uid: "u1", allow: true),
            SchedulerWaitingVerdict(uid: "u2", allow: false, message: "gang rejected"),
        ]) == #"[{"uid":"u1","allow":true},{"uid":"u2","allow":false,"message":"gang rejected"}]"#)
        let result = SchedulerPostFilterResult(
            nominatedNodeIndex: 3, victims: [.init(namespace: "default", name: "low", uid: "u9")])
        #expect(SchedulerBundleJSON.postFilterResult(result)
            == #"{"nominatedNodeIndex":3,"victims":[{"namespace":"default","name":"low","uid":"u9"}]}"#)
        #expect(SchedulerBundleJSON.strings(["\u{1}"]) == #"["\u0001"]"#)
    }
}
