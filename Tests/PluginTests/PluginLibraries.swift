import Foundation
import Kernel

/// Finds the plugin libraries (`lib<name>.so`) SwiftPM built, for tests that load real plugins.
///
/// Looks in `$KEELSON_PLUGIN_DIR`, then next to the running test bundle (SwiftPM builds every
/// product into the same folder), then in every `.build*/debug` folder of the repository (found
/// from this file's path), taking the newest file.
enum PluginLibraries {
    /// The repository root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A library that could not be found.
    struct NotFound: Error, CustomStringConvertible {
        var file: String
        var searched: [String]
        var description: String {
            "\(file) not found in \(searched.joined(separator: ", ")); build its product (swift build --product NAME)"
        }
    }

    /// The path of `lib<name>.so`.
    static func path(_ name: String) throws -> String {
        let file = "lib\(name).so"
        let manager = FileManager.default
        var folders: [String] = []
        if let folder = ProcessInfo.processInfo.environment["KEELSON_PLUGIN_DIR"] { folders.append(folder) }
        if let executable = try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append((executable as NSString).deletingLastPathComponent)
        }
        for folder in folders where manager.fileExists(atPath: folder + "/" + file) {
            return folder + "/" + file
        }
        let root = repositoryRoot.path
        var candidates: [(path: String, modified: Date)] = []
        for entry in (try? manager.contentsOfDirectory(atPath: root)) ?? [] where entry.hasPrefix(".build") {
            for sub in ["debug", "x86_64-unknown-linux-gnu/debug", "aarch64-unknown-linux-gnu/debug"] {
                let folder = "\(root)/\(entry)/\(sub)"
                folders.append(folder)
                let path = folder + "/" + file
                if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date {
                    candidates.append((path, modified))
                }
            }
        }
        guard let newest = candidates.max(by: { $0.modified < $1.modified }) else {
            throw NotFound(file: file, searched: folders)
        }
        return newest.path
    }

    /// Loads `lib<name>.so` through the kernel's loader.
    static func load(_ name: String) throws -> LoadedPlugin {
        try PluginLoader.load(file: try path(name)).get()
    }

    /// Builds the plain-C example in `Examples/<folder>` with its Makefile (`make -s -C`) and
    /// returns the library's path, or why the build failed.
    static func buildExample(_ folder: String, library: String) -> Result<String, CExamplePluginTests.CExampleBuildError> {
        let path = repositoryRoot.appendingPathComponent("Examples/\(folder)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["make", "-s", "-C", path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return .failure(CExamplePluginTests.CExampleBuildError(description: "cannot run make: \(error)"))
        }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(CExamplePluginTests.CExampleBuildError(description: "make -C \(path) failed: \(text)"))
        }
        return .success(path + "/" + library)
    }
}
