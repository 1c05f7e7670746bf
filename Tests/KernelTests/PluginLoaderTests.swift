import Foundation
import Kernel
import PluginABI
import Testing

/// The loader against real shared libraries: a valid C plugin, and one broken library per
/// rejection path, each reported in one line and skipped.
@Suite("Plugin loader")
struct PluginLoaderTests {
    private func rejection(_ defines: [String], file name: String = "libbroken.so") async throws -> String {
        let directory = try FixturePlugins.temporaryDirectory()
        let path = try await FixturePlugins.build(name, in: directory, defines: defines)
        switch PluginLoader.load(file: path) {
        case .success(let plugin): Issue.record("\(defines) loaded as \(plugin.info.name)"); return ""
        case .failure(let rejection):
            #expect(rejection.file == path)
            #expect(!rejection.reason.contains("\n"))
            return rejection.reason
        }
    }

    @Test func loadsAValidCPluginAndCopiesItsDescriptor() async throws {
        let directory = try FixturePlugins.temporaryDirectory()
        let path = try await FixturePlugins.build("libfixture.so", in: directory)
        let plugin = try PluginLoader.load(file: path).get()
        #expect(plugin.info.name == "fixture-scheduler")
        #expect(plugin.info.version == "1.2.3")
        #expect(plugin.info.kind == .scheduler)
        #expect(plugin.info.abiVersion == "1.\(KEELSON_ABI_MINOR)")
        #expect(plugin.info.interfaceVersion == "1.0")
        #expect(plugin.info.description == "a test scheduler written in C")
        #expect(plugin.info.configSchema?.contains("\"mode\"") == true)
        #expect(plugin.table(keelson_scheduler_v1.self).unreserve == nil)
    }

    @Test func rejectsAFileThatIsNotELF() throws {
        let directory = try FixturePlugins.temporaryDirectory()
        let path = directory + "/libjunk.so"
        try Data("this is not a library".utf8).write(to: URL(fileURLWithPath: path))
        guard case .failure(let rejection) = PluginLoader.load(file: path) else { Issue.record("junk loaded"); return }
        #expect(rejection.reason.contains("not an ELF shared library"))
    }

    @Test func rejectsALibraryWithoutTheEntrySymbol() async throws {
        #expect(try await rejection(["FIXTURE_NO_ENTRY"]).contains("no keelson_plugin_entry symbol"))
    }

    @Test func rejectsAnEntryThatReturnsNull() async throws {
        #expect(try await rejection(["FIXTURE_NULL_ENTRY"]).contains("returned NULL"))
    }

    @Test func rejectsAnotherABIMajor() async throws {
        let reason = try await rejection(["FIXTURE_WRONG_MAJOR"])
        #expect(reason.contains("built for ABI 2.\(KEELSON_ABI_MINOR)"))
        #expect(reason.contains("majors must be equal"))
    }

    @Test func rejectsANewerABIMinor() async throws {
        #expect(try await rejection(["FIXTURE_NEWER_MINOR"]).contains("newer than this host"))
    }

    @Test func rejectsATruncatedDescriptor() async throws {
        #expect(try await rejection(["FIXTURE_TRUNCATED"]).contains("truncated descriptor: struct_size is 40 bytes"))
    }

    @Test func rejectsAFingerprintMismatchNamingTheField() async throws {
        #expect(try await rejection(["FIXTURE_BAD_HASH"]).contains("header_hash"))
        #expect(try await rejection(["FIXTURE_POINTER_SIZE"]).contains("pointer_size is 4"))
    }

    @Test func rejectsNullRequiredHooks() async throws {
        #expect(try await rejection(["FIXTURE_NULL_HOOK"]).contains("required scheduler hook schedule is NULL"))
        #expect(try await rejection(["FIXTURE_NULL_CREATE"]).contains("required hook create is NULL"))
    }

    @Test func rejectsAnUnknownKindAndABadName() async throws {
        #expect(try await rejection(["FIXTURE_BAD_KIND"]).contains("unknown kind 42"))
        #expect(try await rejection(["FIXTURE_NAME=\"Bad_Name\""]).contains("name \"Bad_Name\" is not valid"))
    }

    @Test func catalogSkipsBadFilesRejectsDuplicatesAndKeepsGoing() async throws {
        let first = try FixturePlugins.temporaryDirectory()
        let second = try FixturePlugins.temporaryDirectory()
        try await FixturePlugins.build("libgood.so", in: first)
        try await FixturePlugins.build("libnoentry.so", in: first, defines: ["FIXTURE_NO_ENTRY"])
        try Data("junk".utf8).write(to: URL(fileURLWithPath: first + "/libjunk.so"))
        try Data("ignored".utf8).write(to: URL(fileURLWithPath: first + "/README.md"))
        try await FixturePlugins.build("libsame.so", in: second)
        try await FixturePlugins.build("libother.so", in: second, defines: ["FIXTURE_NAME=\"other-scheduler\""])

        let catalog = PluginCatalog.scan(directories: [first, second, first + "/missing"])
        #expect(catalog.loaded.map(\.info.name) == ["fixture-scheduler", "other-scheduler"])
        let reasons = Dictionary(uniqueKeysWithValues: catalog.rejected.map { (URL(fileURLWithPath: $0.file).lastPathComponent, $0.reason) })
        #expect(reasons["libjunk.so"]?.contains("not an ELF") == true)
        #expect(reasons["libnoentry.so"]?.contains("no keelson_plugin_entry") == true)
        #expect(reasons["libsame.so"]?.contains("duplicate plugin name \"fixture-scheduler\"") == true)
        #expect(reasons["missing"]?.contains("does not exist") == true)
        #expect(reasons["README.md"] == nil)
    }
}
