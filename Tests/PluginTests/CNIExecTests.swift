import Foundation
import Kernel
import Testing

/// The exec plugin running real CNI executables: the Debian `/usr/lib/cni/host-local` binary
/// (package containernetworking-plugins) for the spec's commands, results, errors and state, and
/// small shell scripts that show exactly what an executable receives.
@Suite("exec CNI")
struct CNIExecTests {
    init() throws {
        try #require(CNIPlugins.realPluginsInstalled, "install containernetworking-plugins (scripts/install-deps)")
    }

    @Test func versionIsTheExecutablesOwn() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let real = try await cni.instance("exec", ["binary": "host-local"]).version()
        let supported = try #require(real["supportedVersions"]?.arrayValue)
        #expect(supported.contains("0.1.0"))  // only the real plugin lists 0.1.0
        #expect(supported.contains("1.0.0"))
        let own = try await cni.instance("exec").version()
        #expect(own["supportedVersions"] == ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"])
    }

    @Test func addCheckDelWithTheRealHostLocal() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("exec")
        var config = cni.execHostLocalConfig()
        let result = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(result["cniVersion"] == "1.0.0")
        #expect(result["ips"] == [["address": "127.244.2.2/24", "gateway": "127.244.2.1"]])
        // The real plugin's own state file, in the directory we gave it.
        let owner = try String(contentsOfFile: cni.realStateFile("127.244.2.2"), encoding: .utf8)
        #expect(owner.hasPrefix("c1"))
        let second = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c2"))
        #expect(second["ips"]?.arrayValue?.first?["address"] == "127.244.2.3/24")

        config["prevResult"] = result
        try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(!FileManager.default.fileExists(atPath: cni.realStateFile("127.244.2.2")))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("never-added"))
        // CHECK after DEL: the real plugin no longer finds the allocation.
        let gone = await CNIPlugins.error { try await plugin.check(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(gone != nil)
    }

    @Test func theNetworkConfigsOwnTypeNamesTheExecutable() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        var config = cni.execHostLocalConfig()
        config["type"] = "host-local"
        config["binary"] = nil
        let result = try await cni.instance("exec").add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(result["ips"]?.arrayValue?.first?["address"] == "127.244.2.2/24")
        // The instance's binary is used when the network config names none.
        var bare = cni.execHostLocalConfig()
        bare["binary"] = nil
        let viaInstance = try await cni.instance("exec", ["binary": "/usr/lib/cni/host-local"]).add(netConfig: bare, runtime: CNIPlugins.runtime("c2"))
        #expect(viaInstance["ips"]?.arrayValue?.first?["address"] == "127.244.2.3/24")
    }

    @Test func realErrorObjectsAndCodesComeBack() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let plugin = try await cni.instance("exec")
        // Exhaustion: the real plugin reports it without a specific code (999).
        let small = cni.execHostLocalConfig(subnet: "127.244.5.0/30")
        _ = try await plugin.add(netConfig: small, runtime: CNIPlugins.runtime("c1"))
        let full = await CNIPlugins.error { _ = try await plugin.add(netConfig: small, runtime: CNIPlugins.runtime("c2")) }
        #expect(full?.code == 999)
        #expect(full?.msg.contains("no IP addresses available in range set") == true)

        // No CNI_PATH at all: the real plugin's code 4 ("required env variables [CNI_PATH] missing").
        let bare = try await cni.instance("exec", ["binary": "/usr/lib/cni/host-local", "path": []])
        var byInstance = small
        byInstance["binary"] = nil
        let noPath = await CNIPlugins.error {
            _ = try await bare.add(netConfig: byInstance, runtime: CNIRuntimeConf(containerID: "c3", netns: "/x", path: []))
        }
        #expect(noPath?.code == 4)
        #expect(noPath?.msg.contains("CNI_PATH") == true)

        // Invalid IPAM config: the real plugin's answer, passed through.
        var invalid = cni.execHostLocalConfig()
        invalid["ipam"] = ["type": "host-local", "ranges": [[["subnet": "not-a-cidr"]]]]
        let bad = await CNIPlugins.error { _ = try await plugin.add(netConfig: invalid, runtime: CNIPlugins.runtime("c4")) }
        #expect(bad != nil && bad?.code != 0)

        // An executable that is nowhere in CNI_PATH.
        var missing = cni.execHostLocalConfig()
        missing["binary"] = "no-such-cni-plugin"
        let notFound = await CNIPlugins.error { _ = try await plugin.add(netConfig: missing, runtime: CNIPlugins.runtime("c5")) }
        #expect(notFound?.code == 7)
        #expect(notFound?.msg.contains("failed to find plugin") == true)

        // STATUS needs 1.1.0, which the Debian host-local (1.0.0 at most) does not implement:
        // its own error object comes back (that build answers code 3, "missing containerID").
        let newer = cni.execHostLocalConfig(version: "1.1.0")
        let status = await CNIPlugins.error { try await plugin.status(netConfig: newer) }
        #expect(status.map { [1, 3, 4].contains($0.code) } == true)
        #expect(status?.msg.isEmpty == false)
    }

    @Test func concurrentAddsGetDistinctAddresses() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let config = cni.execHostLocalConfig()
        var instances: [CNIPluginClient] = []
        for _ in 0..<4 { instances.append(try await cni.instance("exec")) }
        let addresses = try await CNIPlugins.concurrentAddresses(instances, config: config, perInstance: 3)
        #expect(addresses.count == 12)
        #expect(Set(addresses).count == 12)
    }

    @Test func theExecutableGetsTheSpecsEnvironmentAndStdin() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        let script = try Self.script(in: cni.dataDir, name: "echo-env", """
        #!/bin/sh
        input=$(cat)
        printf '{"cniVersion":"1.0.0","ips":[],"dns":{"domain":"%s|%s|%s|%s|%s|%s"},"input":%s}' \
          "$CNI_COMMAND" "$CNI_CONTAINERID" "$CNI_NETNS" "$CNI_IFNAME" "$CNI_ARGS" "$CNI_PATH" "$input"
        """)
        let plugin = try await cni.instance("exec", ["path": [.string(cni.dataDir)]])
        let config: JSONValue = ["cniVersion": "1.0.0", "name": "n", "type": "exec", "binary": "echo-env", "answer": 42]
        let result = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1"))
        #expect(result[path: "dns", "domain"] == JSONValue.string("ADD|c1|/var/run/netns/c1|eth0|IgnoreUnknown=1;K8S_POD_NAME=c1|/usr/lib/cni:\(cni.dataDir)"))
        // stdin is the network config, exec's own field removed and the type the executable's name.
        #expect(result["input"] == ["cniVersion": "1.0.0", "name": "n", "type": "echo-env", "answer": 42])
        _ = script
    }

    @Test func exitCodesAndGarbageOutput() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        try Self.script(in: cni.dataDir, name: "fails-plain", "#!/bin/sh\necho 'something broke' >&2\nexit 3\n")
        try Self.script(in: cni.dataDir, name: "fails-coded", "#!/bin/sh\necho '{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"busy\",\"details\":\"later\"}'\nexit 1\n")
        try Self.script(in: cni.dataDir, name: "garbage", "#!/bin/sh\necho 'not json'\n")
        let plugin = try await cni.instance("exec", ["path": [.string(cni.dataDir)]])
        func config(_ binary: String) -> JSONValue { ["cniVersion": "1.0.0", "name": "n", "type": "exec", "binary": .string(binary)] }
        let plain = await CNIPlugins.error { _ = try await plugin.add(netConfig: config("fails-plain"), runtime: CNIPlugins.runtime("c1")) }
        #expect(plain?.code == 999)
        #expect(plain?.msg.contains("something broke") == true)
        let coded = await CNIPlugins.error { _ = try await plugin.add(netConfig: config("fails-coded"), runtime: CNIPlugins.runtime("c1")) }
        #expect(coded?.code == 11)
        #expect(coded?.msg == "busy")
        #expect(coded?.details == "later")
        let garbage = await CNIPlugins.error { _ = try await plugin.add(netConfig: config("garbage"), runtime: CNIPlugins.runtime("c1")) }
        #expect(garbage?.code == 6)
        // DEL does not read stdout: exit status 0 is success.
        try await plugin.del(netConfig: config("garbage"), runtime: CNIPlugins.runtime("c1"))
    }

    @Test func aHangingExecutableIsKilledAtTheTimeout() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        try Self.script(in: cni.dataDir, name: "hangs", "#!/bin/sh\nexec sleep 600\n")
        let plugin = try await cni.instance("exec", ["path": [.string(cni.dataDir)], "timeoutSeconds": 0.5])
        let config: JSONValue = ["cniVersion": "1.0.0", "name": "n", "type": "exec", "binary": "hangs"]
        let error = await CNIPlugins.error { _ = try await plugin.add(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(error?.code == 999)
        #expect(error?.msg.contains("timed out") == true)
    }

    @Test func outputHeldOpenByALeftoverProcessEndsAtTheTimeout() async throws {
        let cni = CNIPlugins()
        defer { cni.cleanUp() }
        // The plugin exits at once but leaves a process behind that keeps stdout open.
        try Self.script(in: cni.dataDir, name: "leaves-child", "#!/bin/sh\nsleep 600 &\nexit 0\n")
        let plugin = try await cni.instance("exec", ["path": [.string(cni.dataDir)], "timeoutSeconds": 0.5])
        let config: JSONValue = ["cniVersion": "1.0.0", "name": "n", "type": "exec", "binary": "leaves-child"]
        let error = await CNIPlugins.error { try await plugin.del(netConfig: config, runtime: CNIPlugins.runtime("c1")) }
        #expect(error?.code == 999)
        #expect(error?.msg.contains("timed out") == true)
    }

    /// Writes an executable shell script.
    @discardableResult
    static func script(in directory: String, name: String, _ text: String) throws -> String {
        let path = "\(directory)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }
}
