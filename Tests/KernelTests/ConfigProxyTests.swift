import Foundation
import Kernel
import Testing

@Suite("Cluster config: the proxy section")
struct ConfigProxyTests {
    private func parse(_ body: String) throws -> ClusterConfig {
        try ClusterConfig.parse(yaml: ConfigTestSupport.header + body, file: "cluster.yaml")
    }

    private func expectError(_ body: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = ConfigTestSupport.bodyError(body)
        #expect(error?.description == expected, sourceLocation: sourceLocation)
    }

    @Test func defaults() throws {
        let config = try parse("")
        #expect(config.proxy == ProxyConfig())
        #expect(config.proxy.enabled)
        #expect(config.proxy.scheduler == .random)
        #expect(config.proxy.udpIdleTimeout == .seconds(60))
    }

    @Test func everyKeyIsRead() throws {
        let config = try parse("proxy: {enabled: false, scheduler: round-robin, udpIdleTimeout: 1m30s}\n")
        #expect(!config.proxy.enabled)
        #expect(config.proxy.scheduler == .roundRobin)
        #expect(config.proxy.udpIdleTimeout == .seconds(90))
    }

    @Test func badValuesNameTheKeyAndTheFix() {
        expectError("proxy: {scheduler: rr}\n",
                    #"cluster.yaml: proxy.scheduler: expected random or round-robin, got "rr"; random is kube-proxy's iptables behaviour, round-robin its IPVS rr"#)
        expectError("proxy: {udpIdleTimeout: 60}\n",
                    "cluster.yaml: proxy.udpIdleTimeout: expected a duration between 10ms and 24h such as 60s, got 60; add a unit, e.g. 60s")
        expectError("proxy: {enable: true}\n",
                    #"cluster.yaml: proxy.enable: unknown key; did you mean "enabled"?"#)
        expectError("proxy: {enabled: yes please}\n",
                    #"cluster.yaml: proxy.enabled: expected true or false (true, the default, runs the proxy), got "yes please""#)
    }
}
