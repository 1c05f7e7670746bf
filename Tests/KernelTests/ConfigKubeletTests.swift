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

    @Test func controllerManagerAndTolerationSecondsAreRead() throws {
        let defaults = try parse("")
        #expect(defaults.controllerManager == ControllerManagerConfig())
        #expect(defaults.controllerManager.nodeMonitorGracePeriod == .seconds(50))
        #expect(defaults.apiServer.defaultUnreachableTolerationSeconds == 300)
        let config = try parse("""
            apiServer: {defaultNotReadyTolerationSeconds: 7, defaultUnreachableTolerationSeconds: 0}
            kubelet: {nodeStatusUpdateFrequency: 500ms}
            controllerManager: {nodeMonitorPeriod: 100ms, nodeMonitorGracePeriod: 2s, nodeStartupGracePeriod: 3s, keelson: {podFailureBackOff: 200ms},
                                clusterName: lab, routeReconciliationPeriod: 1s}

            """)
        #expect(config.apiServer.defaultNotReadyTolerationSeconds == 7)
        #expect(config.apiServer.defaultUnreachableTolerationSeconds == 0)
        #expect(config.controllerManager == ControllerManagerConfig(nodeMonitorPeriod: .milliseconds(100), nodeMonitorGracePeriod: .seconds(2),
                                                                     nodeStartupGracePeriod: .seconds(3), podFailureBackOff: .milliseconds(200),
                                                                     clusterName: "lab", routeReconciliationPeriod: .seconds(1)))
        expectError("controllerManager: {nodeMonitorGracePeriod: 40}\n",
                    "cluster.yaml: controllerManager.nodeMonitorGracePeriod: expected a duration between 100ms and 24h0m0s such as 50s, got 40; add a unit, e.g. 40s")
        expectError("controllerManager: {nodeMonitorGrace: 40s}\n",
                    #"cluster.yaml: controllerManager.nodeMonitorGrace: unknown key; did you mean "nodeMonitorGracePeriod"?"#)
        expectError("controllerManager: {nodeMonitorGracePeriod: 4s}\n",
                    "cluster.yaml: controllerManager.nodeMonitorGracePeriod: 4s is shorter than two kubelet heartbeats (kubelet.nodeStatusUpdateFrequency 10s), so every node would turn NotReady between them; use at least 20s, e.g. 50s")
        expectError("apiServer: {defaultUnreachableTolerationSeconds: -1}\n",
                    "cluster.yaml: apiServer.defaultUnreachableTolerationSeconds: expected a number of seconds >= 0 such as 300, got -1")
    }
}
