import Foundation
import Testing

extension EndToEnd {
/// Loading never crashes the process: a library that aborts while being loaded is opened in a
/// child process first, reported, and skipped, and the command goes on to list the good ones.
@Suite("Plugin loading safety")
struct PluginSafetyEndToEndTests {
    @Test func aLibraryThatCrashesWhileLoadingIsRejectedAndTheRestLoad() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, defines) in [("libcrash.so", ["FIXTURE_CRASH"]), ("libfine.so", [])] {
            let built = try await KeelsonProcess.buildFixture(name, in: folder, defines: defines)
            #expect(built.status == 0, "cc failed: \(built.output)")
        }
        let listed = try await KeelsonProcess.keelson(["plugins", "list", "--plugin-dir", folder.path])
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains("libcrash.so") && listed.output.contains("rejected: crashed while loading (signal 6)"))
        #expect(listed.output.split(separator: "\n").contains { $0.hasPrefix("fixture-scheduler ") && $0.hasSuffix("loaded") })
    }
}
}
