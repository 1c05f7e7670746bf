import Foundation
import Kernel
import Testing

/// bridge-like with host-local as its IPAM plugin, reached through the host's CNI delegation:
/// the reference bridge plugin's result, per-attachment state for DEL and CHECK, IPAM errors
/// passed through with their codes, STATUS and GC.
@Suite("bridge-like CNI")
struct CNIBridgeLikeTests {
    @Test func versionListsSupportedVersions() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let version = try await cni.instance("bridge-like").version()
        #expect(version["supportedVersions"] == ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
        #expect(version["cniVersion"] == "1.1.0")
    }

    @Test func addReturnsInterfacesAddressesRoutesFromDelegatedIPAM() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let result = try await plugin.add(netConfig: cni.bridgeConfig(), runtime: CNIPlugins.runtime("c1"))
        #expect(result["cniVersion"] == "1.0.0")
        let interfaces = try #require(result["interfaces"]?.arrayValue)
        #expect(interfaces.count == 3)
        #expect(interfaces[0]["name"] == "cni0")
        #expect(interfaces[1]["name"]?.stringValue?.hasPrefix("veth") == true)
        #expect(interfaces[2]["name"] == "eth0")
        #expect(interfaces[2]["sandbox"] == "/var/run/netns/c1")
        #expect(interfaces[0]["sandbox"] == nil)
        for interface in interfaces {
            let mac = try #require(interface["mac"]?.stringValue)
            #expect(mac.hasPrefix("02:") && mac.split(separator: ":").count == 6)
        }
        #expect(result["ips"] == [["address": "127.244.1.2/24", "gateway": "127.244.1.1", "interface": 2]])
        #expect(result["routes"] == [["dst": "0.0.0.0/0", "gw": "127.244.1.1"]])
        #expect(result["dns"] == [:])
        // The address was allocated by host-local, in its own state directory.
        let owner = try String(contentsOfFile: "\(cni.dataDir)/keelson/127.244.1.2", encoding: .utf8)
        #expect(owner == "c1\r\neth0")
        // A second attachment gets the next address and other interface names and MACs.
        let second = try await plugin.add(netConfig: cni.bridgeConfig(), runtime: CNIPlugins.runtime("c2"))
        #expect(second["ips"]?.arrayValue?.first?["address"] == "127.244.1.3/24")
        #expect(second["interfaces"]?.arrayValue?[1]["name"] != interfaces[1]["name"])
        #expect(second["interfaces"]?.arrayValue?[2]["mac"] != interfaces[2]["mac"])
        #expect(second["interfaces"]?.arrayValue?[0] == interfaces[0])
    }

    @Test func macsAndNamesAreStableAcrossAttachments() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let config = cni.bridgeConfig()
        let first = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        let again = try await cni.instance("bridge-like").add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(again["interfaces"] == first["interfaces"])
    }

    @Test func olderAndNewerResultVersions() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let legacy = try await plugin.add(netConfig: cni.bridgeConfig(version: "0.3.1"), runtime: CNIPlugins.runtime("old"))
        #expect(legacy["cniVersion"] == "0.3.1")
        #expect(legacy["ips"]?.arrayValue?.first?["version"] == "4")
        #expect(legacy["ips"]?.arrayValue?.first?["interface"] == 2)
        let newest = try await plugin.add(netConfig: cni.bridgeConfig(version: "1.1.0", extra: ["mtu": 9000]), runtime: CNIPlugins.runtime("new"))
        #expect(newest["interfaces"]?.arrayValue?.allSatisfy { $0["mtu"] == 9000 } == true)
        #expect(legacy["interfaces"]?.arrayValue?.first?["mtu"] == nil)
        let unknown = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(version: "0.2.0"), runtime: CNIPlugins.runtime("x"))
        }
        #expect(unknown?.code == 1)
    }

    @Test func delReleasesTheAddressAndRepeatedDelSucceeds() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let config = cni.bridgeConfig()
        _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        let state = "\(cni.dataDir)/keelson/127.244.1.2"
        let record = "\(cni.dataDir)/bridge-like/keelson/c1.eth0.json"
        #expect(FileManager.default.fileExists(atPath: state))
        #expect(FileManager.default.fileExists(atPath: record))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(!FileManager.default.fileExists(atPath: state))
        #expect(!FileManager.default.fileExists(atPath: record))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("never-added"))
        // DEL needs no netns (the spec allows it to be gone).
        try await plugin.del(netConfig: config, runtime: CNIRuntimeConf(containerID: "c1", netns: "", ifName: "eth0"))
        // The address is free again.
        let next = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c3"))
        #expect(next["ips"]?.arrayValue?.first?["address"] == "127.244.1.3/24" || next["ips"]?.arrayValue?.first?["address"] == "127.244.1.2/24")
    }

    @Test func duplicateAddIsRefused() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        _ = try await plugin.add(netConfig: cni.bridgeConfig(), runtime: CNIPlugins.runtime("c1"))
        let error = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(), runtime: CNIPlugins.runtime("c1"))
        }
        #expect(error?.code == 100)
        #expect(error?.msg.contains("already exists") == true)
    }

    @Test func checkComparesPrevResultWithTheAttachment() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        var config = cni.bridgeConfig()
        let result = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))

        // Without prevResult: invalid config.
        let missing = await CNIPlugins.error { try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(missing?.code == 7)

        config["prevResult"] = result
        try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1"))

        // Unknown attachment: code 3.
        let unknown = await CNIPlugins.error { try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c9")) }
        #expect(unknown?.code == 3)

        // Another MAC on the container interface: 101.
        var tampered = result
        tampered["interfaces"] = .array((result["interfaces"]?.arrayValue ?? []).map { interface in
            var changed = interface
            if interface["name"] == "eth0" { changed["mac"] = "02:00:00:00:00:01" }
            return changed
        })
        config["prevResult"] = tampered
        let mismatch = await CNIPlugins.error { try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(mismatch?.code == 101)

        // An address that host-local did not give this container: host-local's own code, passed through.
        var foreign = result
        foreign["ips"] = [["address": "127.244.1.200/24", "interface": 2]]
        config["prevResult"] = foreign
        let ipam = await CNIPlugins.error { try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(ipam?.code == 103)

        // CHECK is not defined before 0.4.0.
        var old = cni.bridgeConfig(version: "0.3.1")
        old["prevResult"] = result
        let version = await CNIPlugins.error { try await plugin.check(netConfig: old, runtime: CNIPlugins.runtime("c1")) }
        #expect(version?.code == 1)
    }

    @Test func ipamErrorsPassThroughWithTheirCodes() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let config = cni.bridgeConfig(subnet: "127.244.3.0/30")
        _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        // A /30 has one address besides the gateway: the range is exhausted.
        let exhausted = await CNIPlugins.error { _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c2")) }
        #expect(exhausted?.code == 100)
        #expect(exhausted?.msg.contains("no IP addresses available") == true)
        // Nothing was recorded for the failed attachment.
        #expect(!FileManager.default.fileExists(atPath: "\(cni.dataDir)/bridge-like/keelson/c2.eth0.json"))

        let noRanges = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(ipam: ["ranges": []]), runtime: CNIPlugins.runtime("c3"))
        }
        #expect(noRanges?.code == 7)
        let unknownType = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(ipam: ["type": "no-such-ipam"]), runtime: CNIPlugins.runtime("c4"))
        }
        #expect(unknownType?.code == 7)
        #expect(unknownType?.msg.contains("no-such-ipam") == true)
        // A plugin naming itself as IPAM delegates to itself until the host's depth limit.
        let loop = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(ipam: ["type": "bridge-like"]), runtime: CNIPlugins.runtime("c6"))
        }
        #expect(loop?.code == 7)
        #expect(loop?.msg.contains("nested more than 8 deep") == true)
        let badBridge = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: cni.bridgeConfig(extra: ["bridge": "a-name-far-too-long-for-linux"]), runtime: CNIPlugins.runtime("c5"))
        }
        #expect(badBridge?.code == 7)
        let missingID = await CNIPlugins.error {
            _ = try await plugin.add(netConfig: config, runtime: CNIRuntimeConf(containerID: "", netns: "/x"))
        }
        #expect(missingID?.code == 4)
    }

    @Test func statusReportsTheIPAMStatus() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let config = cni.bridgeConfig(subnet: "127.244.4.0/30", version: "1.1.0")
        try await plugin.status(netConfig: config)
        _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        let full = await CNIPlugins.error { try await plugin.status(netConfig: config) }
        #expect(full?.code == 50)
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        try await plugin.status(netConfig: config)
        let old = await CNIPlugins.error { try await plugin.status(netConfig: cni.bridgeConfig(version: "1.0.0")) }
        #expect(old?.code == 1)
    }

    @Test func gcKeepsOnlyValidAttachments() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("bridge-like")
        let config = cni.bridgeConfig(version: "1.1.0")
        for id in ["keep", "drop1", "drop2"] {
            _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime(id))
        }
        try await plugin.gc(netConfig: config, validAttachments: [(containerID: "keep", ifName: "eth0")])
        let records = try FileManager.default.contentsOfDirectory(atPath: "\(cni.dataDir)/bridge-like/keelson").filter { $0.hasSuffix(".json") }
        #expect(records == ["keep.eth0.json"])
        // host-local's GC ran too: only the kept container still holds an address.
        let held = try FileManager.default.contentsOfDirectory(atPath: "\(cni.dataDir)/keelson").filter { $0.hasPrefix("127.") }
        #expect(held == ["127.244.1.2"])
        var checked = config
        checked["prevResult"] = try #require(try? JSONValue(parsing: Data(contentsOf: URL(fileURLWithPath: "\(cni.dataDir)/bridge-like/keelson/keep.eth0.json")))["result"])
        try await plugin.check(netConfig: checked, runtime: CNIPlugins.runtime("keep"))
    }

    @Test func concurrentAddsGetDistinctAddresses() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let config = cni.bridgeConfig()
        var instances: [CNIPluginClient] = []
        for _ in 0..<4 { instances.append(try await cni.instance("bridge-like")) }
        let addresses = try await CNIPlugins.concurrentAddresses(instances, config: config, perInstance: 5)
        #expect(addresses.count == 20)
        #expect(Set(addresses).count == 20)
        #expect(!addresses.contains(""))
    }

    @Test func chainedAfterBridgeLikeGetsItsResultAsPrevResult() async throws {
        // bridge-like then the real portmap (through exec): portmap without port mappings hands
        // prevResult back, after checking that the container interface is in it.
        try #require(CNIPlugins.realPluginsInstalled, "install containernetworking-plugins (scripts/install-deps)")
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let bridge = try await cni.instance("bridge-like")
        let portmap = try await cni.instance("exec")
        let first = cni.bridgeConfig()
        let added = try await bridge.add(netConfig: first, runtime: CNIPlugins.runtime("c1"))
        var second: JSONValue = ["cniVersion": "1.0.0", "name": "keelson", "type": "portmap",
                                 "capabilities": ["portMappings": true], "prevResult": added]
        let final = try await portmap.add(netConfig: second, runtime: CNIPlugins.runtime("c1"))
        #expect(final["interfaces"] == added["interfaces"])
        #expect(final["ips"] == added["ips"])
        // CHECK and DEL go through the chain with the final result (DEL in reverse).
        second["prevResult"] = final
        try await portmap.check(netConfig: second, runtime: CNIPlugins.runtime("c1"))
        var checked = first
        checked["prevResult"] = final
        try await bridge.check(netConfig: checked, runtime: CNIPlugins.runtime("c1"))
        try await portmap.del(netConfig: second, runtime: CNIPlugins.runtime("c1"))
        try await bridge.del(netConfig: checked, runtime: CNIPlugins.runtime("c1"))
        #expect(!FileManager.default.fileExists(atPath: "\(cni.dataDir)/keelson/127.244.1.2"))
    }
}
