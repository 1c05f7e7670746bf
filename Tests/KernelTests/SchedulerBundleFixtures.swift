import Foundation
import Kernel

/// Builds variants of Fixtures/scheduler_bundle_fixture.c (a scheduler bundle of interface 2.0)
/// into real shared libraries, one per set of `-D` switches.
enum SchedulerBundleFixtures {
    /// The fixture's source.
    static let source = FixturePlugins.repositoryRoot.appendingPathComponent("Tests/KernelTests/Fixtures/scheduler_bundle_fixture.c").path

    /// Compiles the fixture with `defines` into a fresh folder and returns the library's path;
    /// cc runs through `Blocking.run`, off Swift's cooperative pool.
    static func build(_ defines: [String] = []) async throws -> String {
        try await Blocking.run { try buildNow(defines) }
    }

    private static func buildNow(_ defines: [String]) throws -> String {
        let output = try FixturePlugins.temporaryDirectory() + "/libfixture-bundle.so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c11", "-shared", "-fPIC", "-I", FixturePlugins.headerDirectory, source, "-o", output] + defines.map { "-D\($0)" }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixturePlugins.FixtureError(message: "cc failed for \(defines): \(text)") }
        return output
    }

    /// The valid fixture, built once per test run.
    static let valid: Result<String, FixturePlugins.FixtureError> = {
        do {
            return .success(try buildNow([]))
        } catch {
            return .failure(FixturePlugins.FixtureError(message: "\(error)"))
        }
    }()

    /// A client over a fresh instance of the valid fixture.
    static func client() throws -> SchedulerBundleClient {
        let plugin = try PluginLoader.load(file: try valid.get()).get()
        return try SchedulerBundleClient(try PluginInstance.createSync(plugin: plugin, label: "fixture-bundle@test"))
    }

    /// A pod whose JSON carries `word` (the fixture's hooks behave by the words in the pod).
    static func pod(_ word: String) -> Data {
        JSONValue.object(["metadata": ["name": .string(word), "namespace": "default", "uid": .string("uid-\(word)")]]).serialized()
    }
}
