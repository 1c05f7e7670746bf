import Kernel
import Testing

@testable import Node

/// How the kubelet reads CNI failures: the spec's codes, the sandbox Event's text, DEL of an
/// unknown container, and the per-node directory a main plugin with IPAM gets.
@Suite("kubelet: CNI failures and defaults")
struct KubeletCNIFailureTests {
    @Test func wellKnownCodesNameTheirMeaning() {
        let meanings: [(Int, String)] = [
            (1, "incompatible CNI version"), (2, "unsupported field in network configuration"),
            (3, "container unknown or does not exist"), (4, "invalid necessary environment variables"),
            (5, "I/O failure"), (6, "failed to decode content"), (7, "invalid network config"),
            (11, "try again later"), (50, "plugin not available"), (100, "plugin-specific error"),
            (999, "plugin error"),
        ]
        for (code, meaning) in meanings {
            let failure = CNIFailure(NetworkError(command: "ADD", plugin: "p", underlying: CNIError(code: code, msg: "m")))
            #expect(failure.meaning == meaning, "code \(code)")
            #expect(failure.networkNotReady == (code == 50))
        }
        let limited = CNIFailure(NetworkError(command: "ADD", plugin: "p", underlying: CNIError(code: 51, msg: "m")))
        #expect(limited.networkNotReady)
    }

    @Test func theSandboxEventCarriesThePluginsMessage() {
        let error = NetworkError(command: "ADD", plugin: "bridge-like",
                                 underlying: CNIError(code: 100, msg: "no IP addresses available in range set", details: "127.244.0.1-127.244.0.254"))
        let event = CNIFailure(error).sandboxEvent(sandboxID: "abc")
        #expect(event.reason == "FailedCreatePodSandBox")
        #expect(event.message == "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"abc\": "
            + "plugin type=\"bridge-like\" failed (add): no IP addresses available in range set; 127.244.0.1-127.244.0.254 "
            + "(CNI error 100: plugin-specific error)")
        // An error without a CNI error object keeps its own text and no code.
        let plain = CNIFailure(NetworkError(command: "ADD", plugin: "x", underlying: CNIFailureTestError()))
        #expect(plain.code == nil)
        #expect(plain.description == "plugin type=\"x\" failed (add): boom")
    }

    @Test func delOfAnUnknownContainerLeavesNothingToClean() {
        #expect(CNIFailure(CNIError(code: 3, msg: "unknown"), command: "DEL").nothingToClean)
        #expect(!CNIFailure(CNIError(code: 3, msg: "unknown"), command: "CHECK").nothingToClean)
        #expect(!CNIFailure(CNIError(code: 5, msg: "io"), command: "DEL").nothingToClean)
    }

    @Test func aMainPluginWithIPAMGetsTheNodesDirectory() {
        let config = NetworkDefaults.complete(
            ["type": "bridge-like", "ipam": ["type": "host-local"]], podCIDR: "127.244.3.0/24", networkName: "keelson",
            cniVersion: "1.1.0", dataDir: "/tmp/node-a")
        #expect(config["dataDir"] == "/tmp/node-a")
        #expect(config[path: "ipam", "dataDir"] == "/tmp/node-a")
        #expect(config[path: "ipam", "ranges"] == [[["subnet": "127.244.3.0/24"]]])
        // A directory the config names is kept.
        let own = NetworkDefaults.complete(
            ["type": "bridge-like", "dataDir": "/elsewhere", "ipam": ["type": "host-local"]], podCIDR: "127.244.3.0/24",
            networkName: "keelson", cniVersion: "1.1.0", dataDir: "/tmp/node-a")
        #expect(own["dataDir"] == "/elsewhere")
    }
}

/// An error of a CNI call that carries no CNI error object.
private struct CNIFailureTestError: Error, CustomStringConvertible {
    var description: String { "boom" }
}
