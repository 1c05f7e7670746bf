import Foundation
import Kernel
import Testing

@Suite("apiServer security keys: plainHTTP and the in-flight limits")
struct APIServerSecurityConfigTests {
    @Test("defaults: HTTPS, 400 read-only and 200 mutating requests in flight")
    func defaults() throws {
        let config = try ClusterConfig.parse(yaml: ConfigTestSupport.header, file: "cluster.yaml")
        #expect(config.apiServer.plainHTTP == false)
        #expect(config.apiServer.maxRequestsInFlight == 400)
        #expect(config.apiServer.maxMutatingRequestsInFlight == 200)
    }

    @Test("the keys are read")
    func keys() throws {
        let config = try ClusterConfig.parse(
            yaml: ConfigTestSupport.header + "apiServer: {address: 127.0.0.1:0, plainHTTP: true, maxRequestsInFlight: 7, maxMutatingRequestsInFlight: 3}\n",
            file: "cluster.yaml")
        #expect(config.apiServer.plainHTTP)
        #expect(config.apiServer.maxRequestsInFlight == 7)
        #expect(config.apiServer.maxMutatingRequestsInFlight == 3)
    }

    @Test("plain HTTP outside loopback is refused with one line naming the key and the fix")
    func plainHTTPOutsideLoopback() {
        let error = ConfigTestSupport.bodyError("apiServer: {address: 10.0.0.1:6443, plainHTTP: true}\n")
        #expect(error?.description == "cluster.yaml: apiServer.plainHTTP: plain HTTP is served on loopback only and 10.0.0.1 is not; remove plainHTTP: true (HTTPS is the default) or use 127.0.0.1:6443")
    }

    @Test("wrong types are named")
    func wrongTypes() {
        #expect(ConfigTestSupport.bodyError("apiServer: {plainHTTP: \"yes\"}\n")?.description.hasPrefix("cluster.yaml: apiServer.plainHTTP") == true)
        #expect(ConfigTestSupport.bodyError("apiServer: {maxRequestsInFlight: 0}\n")?.description.hasPrefix("cluster.yaml: apiServer.maxRequestsInFlight") == true)
    }
}
