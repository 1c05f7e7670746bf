import Foundation
import Kernel
import PluginABI
import Testing

/// `keelson_host.cni_delegate` from a plugin written in plain C: a CNI plugin whose ADD/DEL/
/// CHECK/STATUS/GC run host-local through the host, and a scheduler that is refused.
@Suite("CNI delegation through the ABI")
struct CNIDelegationTests {
    /// A C plugin; with KIND_CNI it is a CNI plugin delegating every command to the plugin its
    /// config's "delegate" names (host-local by default), otherwise a scheduler whose `schedule`
    /// tries to delegate and answers the status it got.
    static let source = #"""
    #include "keelson_plugin.h"
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>

    struct keelson_instance { const keelson_host *host; };

    static keelson_status create(const keelson_host *host, const char *c, size_t cl, keelson_instance **out, keelson_sink *e) {
        (void)c; (void)cl; (void)e;
        if (!KEELSON_HOST_HAS(host, cni_delegate)) return KEELSON_ERR_UNSUPPORTED;
        keelson_instance *i = calloc(1, sizeof *i);
        i->host = host;
        *out = i;
        return KEELSON_OK;
    }
    static void destroy(keelson_instance *i) { free(i); }

    #ifdef KIND_CNI
    static keelson_status run(keelson_instance *i, const char *cmd, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *out) {
        return i->host->cni_delegate(cmd, strlen(cmd), "host-local", 10, n, nl, r, rl, out);
    }
    static keelson_status add(keelson_instance *i, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *o) { return run(i, "ADD", n, nl, r, rl, o); }
    static keelson_status del(keelson_instance *i, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *o) { return run(i, "DEL", n, nl, r, rl, o); }
    static keelson_status check(keelson_instance *i, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *o) { return run(i, "CHECK", n, nl, r, rl, o); }
    static keelson_status status(keelson_instance *i, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *o) { return run(i, "STATUS", n, nl, r, rl, o); }
    static keelson_status gc(keelson_instance *i, const char *n, size_t nl, const char *r, size_t rl, keelson_sink *o) { return run(i, "GC", n, nl, r, rl, o); }
    static keelson_status version(keelson_instance *i, keelson_sink *o) {
        (void)i;
        const char *v = "{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"1.0.0\",\"1.1.0\"]}";
        return o->write(o, v, strlen(v));
    }
    static const keelson_cni_v1 table = { sizeof(keelson_cni_v1), add, del, check, status, gc, version };
    #define KIND KEELSON_KIND_CNI
    #define IMAJOR KEELSON_CNI_INTERFACE_MAJOR
    #define IMINOR KEELSON_CNI_INTERFACE_MINOR
    #define NAME "c-delegating-cni"
    #else
    static keelson_status ignore(keelson_instance *i, const char *j, size_t l) { (void)i; (void)j; (void)l; return KEELSON_OK; }
    static keelson_status schedule(keelson_instance *i, const char *p, size_t pl, keelson_sink *out) {
        (void)p; (void)pl;
        keelson_status s = i->host->cni_delegate("ADD", 3, "host-local", 10, "{}", 2, "{}", 2, out);
        char text[32];
        int n = snprintf(text, sizeof text, "status=%d", (int)s);
        out->write(out, text, (size_t)n);
        return KEELSON_OK;
    }
    static const keelson_scheduler_v1 table = { sizeof(keelson_scheduler_v1), ignore, ignore, schedule, NULL };
    #define KIND KEELSON_KIND_SCHEDULER
    #define IMAJOR KEELSON_SCHEDULER_INTERFACE_MAJOR
    #define IMINOR KEELSON_SCHEDULER_INTERFACE_MINOR
    #define NAME "c-delegating-scheduler"
    #endif

    static const keelson_plugin_descriptor descriptor = {
        sizeof(keelson_plugin_descriptor), KEELSON_ABI_MAJOR, KEELSON_ABI_MINOR, KEELSON_BUILD_FINGERPRINT_INIT,
        NAME, "0.1.0", "delegation test plugin", NULL, KIND, IMAJOR, IMINOR, 0,
        create, destroy, NULL, NULL, &table
    };
    const keelson_plugin_descriptor *keelson_plugin_entry(uint16_t major, uint16_t minor) {
        (void)major; (void)minor;
        return &descriptor;
    }
    """#

    /// Compiles the C plugin next to the built plugins (so host-local is found in its folder).
    static func build(cni: Bool) throws -> LoadedPlugin {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-delegation-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sourcePath = folder + "/plugin.c"
        try source.write(toFile: sourcePath, atomically: true, encoding: .utf8)
        let output = folder + "/lib\(cni ? "c-delegating-cni" : "c-delegating-scheduler").so"
        let header = PluginLibraries.repositoryRoot.appendingPathComponent("Sources/PluginABI/include").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c11", "-Wall", "-Werror", "-shared", "-fPIC", "-I", header, sourcePath, "-o", output] + (cni ? ["-DKIND_CNI"] : [])
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "cc failed")
        // host-local is found by name: load it once so the kernel knows it (as a catalog scan does).
        _ = try PluginLibraries.load("host-local")
        return try PluginLoader.load(file: output).get()
    }

    @Test func aCPluginRunsHostLocalThroughTheHost() async throws {
        let plugin = try Self.build(cni: true)
        let cni = CNIHarness()
        defer { cni.cleanUp() }
        let client = CNIPluginClient(try await PluginInstance.create(plugin: plugin, config: [:], label: "c-delegating"))
        var config = cni.netConfig(version: "1.1.0")
        config["type"] = "c-delegating-cni"
        // host-local sees the config as the caller passed it (fields at the top: main-plugin mode).
        let result = try await client.add(netConfig: config, runtime: CNIHarness.runtime("c1"))
        #expect(result["ips"]?.arrayValue?.first?["address"] == "127.244.1.2/24")
        #expect(FileManager.default.fileExists(atPath: cni.stateFile("127.244.1.2")))
        config["prevResult"] = result
        try await client.check(netConfig: config, runtime: CNIHarness.runtime("c1"))
        try await client.status(netConfig: config)
        // The delegate's error object comes back unchanged (host-local's duplicate-ADD code).
        let duplicate = await CNIHarness.code { _ = try await client.add(netConfig: config, runtime: CNIHarness.runtime("c1")) }
        #expect(duplicate == 101)
        try await client.gc(netConfig: config, validAttachments: [])
        #expect(!FileManager.default.fileExists(atPath: cni.stateFile("127.244.1.2")))
        try await client.del(netConfig: config, runtime: CNIHarness.runtime("c1"))
        client.instance.destroy()
    }

    @Test func otherKindsAreRefused() async throws {
        let plugin = try Self.build(cni: false)
        let instance = try await PluginInstance.create(plugin: plugin, config: [:], label: "c-delegating-scheduler")
        defer { instance.destroy() }
        let schedule = plugin.table(keelson_scheduler_v1.self).schedule
        let answer = try await instance.call("schedule") { handle, sink in
            schedule!(handle, "{}", 2, sink)
        }
        #expect(String(decoding: answer, as: UTF8.self) == "status=\(KEELSON_ERR_PERMISSION_DENIED)")
    }
}
