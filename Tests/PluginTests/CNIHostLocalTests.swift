import Foundation
import Kernel
import PluginABI
import Testing

/// host-local through the CNI interface: ADD/DEL/CHECK/STATUS/GC/VERSION with the spec's
/// results and error codes, and its state files.
@Suite("host-local CNI")
struct CNIHostLocalTests {
    @Test func versionListsSupportedVersions() async throws {
        let cni = CNIHarness()
        let version = try await cni.instance().version()
        #expect(version["supportedVersions"] == ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
        #expect(version["cniVersion"] == "1.1.0")
    }

    @Test func addGivesDistinctAddressesInRange() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let config = cni.netConfig()
        let first = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1"))
        #expect(first["cniVersion"] == "1.0.0")
        #expect(first["interfaces"] == [["name": "eth0", "sandbox": "/var/run/netns/c1"]])
        #expect(first["ips"] == [["address": "127.244.1.2/24", "gateway": "127.244.1.1", "interface": 0]])
        #expect(first["routes"] == [["dst": "0.0.0.0/0"]])
        #expect(first["dns"] == [:])

        var seen = [CNIHarness.address(first)]
        for id in ["c2", "c3", "c4"] {
            seen.append(CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime(id))))
        }
        #expect(seen == ["127.244.1.2", "127.244.1.3", "127.244.1.4", "127.244.1.5"])
        // One file per address, holding the container and interface.
        let owner = try String(contentsOfFile: cni.stateFile("127.244.1.3"), encoding: .utf8)
        #expect(owner == "c2\r\neth0")
    }

    @Test func delReleasesAndRepeatedDelSucceeds() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let config = cni.netConfig()
        let address = CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1")))
        #expect(FileManager.default.fileExists(atPath: cni.stateFile(address)))
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        #expect(!FileManager.default.fileExists(atPath: cni.stateFile(address)))
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("never-added"))
        // Another interface of the same container is another attachment.
        _ = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c2", ifName: "net1"))
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c2", ifName: "eth0"))
        try await plugin.check(netConfig: config, runtime: CNIHarness.runtime("c2", ifName: "net1"))
    }

    @Test func checkVerifiesTheAllocation() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        var config = cni.netConfig()
        let result = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1"))
        config["prevResult"] = result
        try await plugin.check(netConfig: config, runtime: CNIHarness.runtime("c1"))
        // A prevResult naming an address this container does not hold fails.
        var wrong = config
        wrong["prevResult"] = ["cniVersion": "1.0.0", "ips": [["address": "127.244.1.200/24"]]]
        #expect(await CNIHarness.code { try await plugin.check(netConfig: wrong, runtime: CNIHarness.runtime("c1")) } == 103)
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        #expect(await CNIHarness.code { try await plugin.check(netConfig: config, runtime: CNIHarness.runtime("c1")) } == 3)
        // CHECK does not exist before spec 0.4.0.
        let old = cni.netConfig(version: "0.3.1")
        #expect(await CNIHarness.code { try await plugin.check(netConfig: old, runtime: CNIHarness.runtime("c1")) } == 1)
    }

    @Test func exhaustionStatusAndReuse() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        // 127.244.9.0/29: .0 network, .1 gateway, .7 broadcast → .2-.6 are allocatable.
        let config = cni.netConfig(subnet: "127.244.9.0/29", version: "1.1.0")
        try await plugin.status(netConfig: config)
        var addresses: [String] = []
        for n in 1...5 {
            addresses.append(CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c\(n)"))))
        }
        #expect(addresses == ["127.244.9.2", "127.244.9.3", "127.244.9.4", "127.244.9.5", "127.244.9.6"])
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c6")) } == 100)
        #expect(await CNIHarness.code { try await plugin.status(netConfig: config) } == 50)
        // Releasing one makes it available again (and STATUS ready again).
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c3"))
        try await plugin.status(netConfig: config)
        #expect(CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c6"))) == "127.244.9.4")
    }

    @Test func allocationGoesRoundRobin() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let config = cni.netConfig()
        _ = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        // As the real plugin, the next address follows the last one reserved.
        #expect(CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c2"))) == "127.244.1.3")
    }

    @Test func gcReleasesAttachmentsThatAreNotValid() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let config = cni.netConfig(version: "1.1.0")
        var addresses: [String: String] = [:]
        for id in ["c1", "c2", "c3"] {
            addresses[id] = CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime(id)))
        }
        try await plugin.gc(netConfig: config, validAttachments: [(containerID: "c2", ifName: "eth0")])
        #expect(!FileManager.default.fileExists(atPath: cni.stateFile(addresses["c1"]!)))
        #expect(FileManager.default.fileExists(atPath: cni.stateFile(addresses["c2"]!)))
        #expect(!FileManager.default.fileExists(atPath: cni.stateFile(addresses["c3"]!)))
        try await plugin.check(netConfig: config, runtime: CNIHarness.runtime("c2"))
        // GC needs spec 1.1.0.
        let old = cni.netConfig(version: "1.0.0")
        #expect(await CNIHarness.code { try await plugin.gc(netConfig: old, validAttachments: []) } == 1)
    }

    @Test func stateSurvivesANewInstance() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let config = cni.netConfig()
        let first = try await cni.instance()
        let address = CNIHarness.address(try await first.add(netConfig: config, runtime: CNIHarness.runtime("c1")))
        first.instance.destroy()

        let second = try await cni.instance()
        try await second.check(netConfig: config, runtime: CNIHarness.runtime("c1"))
        let other = CNIHarness.address(try await second.add(netConfig: config, runtime: CNIHarness.runtime("c2")))
        #expect(other != address)
        #expect(await CNIHarness.code { _ = try await second.add(netConfig: config, runtime: CNIHarness.runtime("c1")) } == 101)
        try await second.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        #expect(!FileManager.default.fileExists(atPath: cni.stateFile(address)))
    }

    @Test func instancesSharingADirectoryNeverCollide() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let config = cni.netConfig()
        let plugins = [try await cni.instance(), try await cni.instance(), try await cni.instance()]
        let addresses = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<30 {
                let plugin = plugins[n % plugins.count]
                group.addTask { CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c\(n)"))) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(addresses.count == 30)
        #expect(Set(addresses).count == 30)
    }

    @Test func requestedAddresses() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let config = cni.netConfig()
        let chosen = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1", args: [("IP", "127.244.1.50")]))
        #expect(CNIHarness.address(chosen) == "127.244.1.50")
        #expect(await CNIHarness.code {
            _ = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c2", args: [("IP", "127.244.1.50")]))
        } == 102)
        var viaRuntimeConfig = config
        viaRuntimeConfig["runtimeConfig"] = ["ips": ["127.244.1.60/24"]]
        #expect(CNIHarness.address(try await plugin.add(netConfig: viaRuntimeConfig, runtime: CNIHarness.runtime("c3"))) == "127.244.1.60")
        #expect(await CNIHarness.code {
            _ = try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c4", args: [("IP", "127.244.2.1")]))
        } == 102)
    }

    @Test func ipamModeAndOlderResults() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let ipam: JSONValue = [
            "cniVersion": "0.4.0", "name": "bridged", "type": "bridge-like",
            "ipam": [
                "type": "host-local", "dataDir": .string(cni.dataDir),
                "ranges": [[["subnet": "127.244.3.0/24", "rangeStart": "127.244.3.100", "rangeEnd": "127.244.3.110"]]],
            ],
        ]
        let result = try await plugin.add(netConfig: ipam, runtime: CNIHarness.runtime("c1"))
        #expect(result["interfaces"] == nil)
        #expect(result["ips"] == [["address": "127.244.3.100/24", "gateway": "127.244.3.1", "version": "4"]])
        #expect(FileManager.default.fileExists(atPath: cni.stateFile("127.244.3.100", network: "bridged")))
    }

    @Test func specErrorCodes() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance()
        let runtime = CNIHarness.runtime("c1")
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: cni.netConfig(version: "9.9.9"), runtime: runtime) } == 1)
        var noRanges = cni.netConfig()
        noRanges["ranges"] = nil
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: noRanges, runtime: runtime) } == 7)
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: cni.netConfig(subnet: "fd00::/64"), runtime: runtime) } == 7)
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: cni.netConfig(subnet: "127.244.1.0/31"), runtime: runtime) } == 7)
        #expect(await CNIHarness.code { _ = try await plugin.add(netConfig: "not an object", runtime: runtime) } == 6)
        #expect(await CNIHarness.code {
            _ = try await plugin.add(netConfig: cni.netConfig(), runtime: CNIRuntimeConf(containerID: "", netns: "/x"))
        } == 4)
        #expect(await CNIHarness.code {
            _ = try await plugin.add(netConfig: cni.netConfig(), runtime: CNIRuntimeConf(containerID: "c1", netns: ""))
        } == 4)
    }

    @Test func instanceConfigDataDirIsTheDefault() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance(["dataDir": .string(cni.dataDir)])
        var config = cni.netConfig(name: "pods")
        config["dataDir"] = nil
        let address = CNIHarness.address(try await plugin.add(netConfig: config, runtime: CNIHarness.runtime("c1")))
        #expect(FileManager.default.fileExists(atPath: cni.stateFile(address, network: "pods")))
    }

    @Test func resolvConfFillsDNS() async throws {
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        try FileManager.default.createDirectory(atPath: cni.dataDir, withIntermediateDirectories: true)
        let file = cni.dataDir + "/resolv.conf"
        try "nameserver 127.0.0.53\nsearch default.svc.cluster.local svc.cluster.local\noptions ndots:5\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let plugin = try await cni.instance()
        let result = try await plugin.add(netConfig: cni.netConfig(extra: ["resolvConf": .string(file)]), runtime: CNIHarness.runtime("c1"))
        #expect(result["dns"] == [
            "nameservers": ["127.0.0.53"], "search": ["default.svc.cluster.local", "svc.cluster.local"], "options": ["ndots:5"],
        ])
    }
}
