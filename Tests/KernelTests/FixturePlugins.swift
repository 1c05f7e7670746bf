import Foundation
import Kernel

/// Builds variants of Fixtures/fixture_plugin.c into real shared libraries with the system C
/// compiler, one per `-D` switch, so the loader is tested against real files.
enum FixturePlugins {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let source = repositoryRoot.appendingPathComponent("Tests/KernelTests/Fixtures/fixture_plugin.c").path
    static let headerDirectory = repositoryRoot.appendingPathComponent("Sources/PluginABI/include").path

    /// A fresh temporary folder.
    static func temporaryDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Compiles the fixture with `defines` into `directory/name`; cc runs through
    /// `Blocking.run`, off Swift's cooperative pool.
    @discardableResult
    static func build(_ name: String, in directory: String, defines: [String] = []) async throws -> String {
        try await Blocking.run { try buildNow(name, in: directory, defines: defines) }
    }

    private static func buildNow(_ name: String, in directory: String, defines: [String]) throws -> String {
        let output = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["cc", "-std=c11", "-shared", "-fPIC", "-I", headerDirectory, source, "-o", output] + defines.map { "-D\($0)" }
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw FixtureError(message: "cc failed for \(name): \(text)")
        }
        return output
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
