import Foundation
import Kernel
import Testing

/// The `process` runtime gives each container its sandbox's DNS config as /etc/resolv.conf (a
/// bind mount in a mount namespace of its own), leaving the host's file alone.
@Suite("process runtime: resolv.conf", .serialized)
struct ProcessRuntimeDNSTests {
    static let dnsConfig: JSONValue = [
        "servers": ["127.96.0.10"],
        "searches": ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local"],
        "options": ["ndots:5"],
    ]
    static let expected = ["search shop.svc.cluster.local svc.cluster.local cluster.local", "nameserver 127.96.0.10", "options ndots:5"]

    /// Whether this machine lets the runtime mount (root with util-linux); otherwise the
    /// runtime documents that containers see the host's file.
    static var canMount: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/mount")
    }

    /// RunPodSandbox for `name` with `dns` (none when nil).
    func sandbox(_ runtime: ProcessRuntimeHarness, _ name: String, dns: JSONValue?) async throws -> (String, JSONValue) {
        var config: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "shop", "uid": .string("uid-\(name)"), "attempt": 0],
            "hostname": .string(name),
            "logDirectory": .string("\(runtime.logDirectory)/shop_\(name)"),
        ]
        if let dns { config["dnsConfig"] = dns }
        return (try await runtime.client.runPodSandbox(config: config), config)
    }

    func mountNamespace(_ pid: Int64) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/mnt")
    }

    @Test func containersReadTheSandboxesResolvConfAndTheHostsStaysAsItWas() async throws {
        let stateDir = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-dns-\(UUID().uuidString)").path
        let runtime = try await ProcessRuntimeHarness.make(["stateDir": .string(stateDir)])
        defer {
            runtime.close()
            try? FileManager.default.removeItem(atPath: stateDir)
        }
        let hostBefore = try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf"))
        let pod = try await sandbox(runtime, "dns", dns: Self.dnsConfig)
        let reader = try await runtime.createContainer(in: pod, "reader", command: ["sh", "-c", "cat /etc/resolv.conf; exec sleep 3600"])
        try await runtime.start(reader)
        let hostText = String(decoding: hostBefore, as: UTF8.self).split(separator: "\n").map(String.init)
        let wanted = Self.canMount ? Self.expected : hostText
        #expect(try await runtime.waitForLog(reader, wanted.last ?? ""))
        let lines = try runtime.log(try await runtime.status(reader)).map { String($0.split(separator: " ", maxSplits: 3)[3]) }
        #expect(lines == wanted)

        // The spawned PID is still the container's process (and its group), now `sleep`.
        let pid = try await runtime.pid(reader)
        #expect(pid > 0)
        #expect(getpgid(pid_t(pid)) == pid_t(pid))
        #expect((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.hasPrefix("sleep") == true)
        if Self.canMount {
            #expect(mountNamespace(pid) != nil && mountNamespace(pid) != mountNamespace(Int64(getpid())))
        }

        // ExecSync sees the same file.
        let (code, stdout, _) = try await runtime.exec(reader, ["cat", "/etc/resolv.conf"])
        #expect(code == 0)
        #expect(stdout.split(separator: "\n").map(String.init) == wanted)

        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf")) == hostBefore)
        let sandboxFile = "\(stateDir)/\(pod.0)/resolv.conf"
        #expect(try String(contentsOfFile: sandboxFile, encoding: .utf8) == Self.expected.joined(separator: "\n") + "\n")

        try await runtime.stop(reader, timeout: 0)
        _ = try await runtime.call(.stopPodSandbox, ["podSandboxId": .string(pod.0)])
        _ = try await runtime.call(.removePodSandbox, ["podSandboxId": .string(pod.0)])
        #expect(!FileManager.default.fileExists(atPath: "\(stateDir)/\(pod.0)"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "/etc/resolv.conf")) == hostBefore)
    }

    @Test func aSandboxWithoutDNSConfigLeavesTheHostsResolvConf() async throws {
        let runtime = try await ProcessRuntimeHarness.make()
        defer { runtime.close() }
        let host = try String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8).split(separator: "\n").map(String.init)
        let pod = try await sandbox(runtime, "plain", dns: nil)
        let reader = try await runtime.createContainer(in: pod, "reader", command: ["sh", "-c", "cat /etc/resolv.conf; exec sleep 3600"])
        try await runtime.start(reader)
        #expect(try await runtime.waitForLog(reader, host.last ?? ""))
        let lines = try runtime.log(try await runtime.status(reader)).map { String($0.split(separator: " ", maxSplits: 3)[3]) }
        #expect(lines == host)
        let pid = try await runtime.pid(reader)
        #expect(mountNamespace(pid) == mountNamespace(Int64(getpid())))
        try await runtime.stop(reader, timeout: 0)
    }
}
