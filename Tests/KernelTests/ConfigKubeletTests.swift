import Foundation
import Kernel
import Testing

@Suite("Cluster config: the kubelet section")
struct ConfigKubeletTests {
    private func parse(_ body: String) throws -> ClusterConfig {
        try ClusterConfig.parse(yaml: ConfigTestSupport.header + body, file: "cluster.yaml")
    }

    private func expectError(_ body: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = ConfigTestSupport.bodyError(body)
        #expect(error?.description == expected, sourceLocation: sourceLocation)
        #expect(error?.description.contains("\n") == false, sourceLocation: sourceLocation)
    }

    @Test func defaultsAreKubernetes() throws {
        let config = try parse("")
        #expect(config.kubelet == KubeletConfig())
        #expect(config.kubelet.nodeStatusUpdateFrequency == .seconds(10))
        #expect(config.kubelet.nodeStatusMaxImages == 50)
        #expect(config.kubelet.maxContainerRestartPeriod == .seconds(300))
        #expect(config.kubelet.initialBackOffPeriod == .seconds(10))
        #expect(config.kubelet.maxImagePullBackOffPeriod == .seconds(300))
    }

    @Test func everyKeyIsRead() throws {
        let config = try parse("""
            kubelet:
              nodeStatusUpdateFrequency: 2s
              nodeStatusMaxImages: -1
              crashLoopBackOff: {maxContainerRestartPeriod: 1m30s}
              keelson: {initialBackOffPeriod: 500ms, maxImagePullBackOffPeriod: 4s}

            """)
        #expect(config.kubelet.nodeStatusUpdateFrequency == .seconds(2))
        #expect(config.kubelet.nodeStatusMaxImages == -1)
        #expect(config.kubelet.maxContainerRestartPeriod == .seconds(90))
        #expect(config.kubelet.initialBackOffPeriod == .milliseconds(500))
        #expect(config.kubelet.maxImagePullBackOffPeriod == .seconds(4))
    }

    @Test func badValuesNameTheKeyAndTheFix() {
        expectError("kubelet: {crashLoopBackOff: {maxContainerRestartPeriod: 10m}}\n",
                    #"cluster.yaml: kubelet.crashLoopBackOff.maxContainerRestartPeriod: expected a duration between 1s and 5m0s such as 300s, got "10m""#)
        expectError("kubelet: {keelson: {initialBackOffPeriod: 10}}\n",
                    "cluster.yaml: kubelet.keelson.initialBackOffPeriod: expected a duration between 10ms and 5m0s such as 10s, got 10; add a unit, e.g. 10s")
        expectError("kubelet: {keelson: {initialBackOffPeriod: soon}}\n",
                    #"cluster.yaml: kubelet.keelson.initialBackOffPeriod: expected a duration between 10ms and 5m0s such as 10s, got "soon"; units are ns, us, ms, s, m and h"#)
        expectError("kubelet: {crashLoopBackoff: {}}\n",
                    #"cluster.yaml: kubelet.crashLoopBackoff: unknown key; did you mean "crashLoopBackOff"?"#)
        expectError("kubelet: {nodeStatusMaxImages: -2}\n",
                    "cluster.yaml: kubelet.nodeStatusMaxImages: expected an integer >= -1 (-1: every image, 0: none) such as 50, got -2")
        expectError("kubelet: [a]\n",
                    "cluster.yaml: kubelet: expected a mapping like {crashLoopBackOff: {maxContainerRestartPeriod: 5m}}, got a list")
    }
}
