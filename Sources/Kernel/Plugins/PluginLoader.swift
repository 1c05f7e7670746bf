import Foundation
import PluginABI

/// Opens one shared library and turns its descriptor into a `LoadedPlugin`, or says in one line
/// why it cannot be loaded. Loading never crashes the host for a file that is not a plugin,
/// has no entry symbol, speaks another ABI, or has a truncated or incomplete descriptor.
///
/// A library the host has called into is never `dlclose`d, even when rejected: the Swift
/// runtime and C constructors may have registered state that must outlive it.
public enum PluginLoader {
    /// Loads `file` and validates everything the host needs from it.
    public static func load(file: String) -> Result<LoadedPlugin, PluginRejection> {
        do {
            return .success(try loadOrThrow(file: file))
        } catch let rejection as PluginRejection {
            return .failure(rejection)
        } catch {
            return .failure(PluginRejection(file: file, reason: "\(error)"))
        }
    }

    private static func loadOrThrow(file: String) throws -> LoadedPlugin {
        func reject(_ reason: String) -> PluginRejection { PluginRejection(file: file, reason: reason) }
        try checkELF(file)
        guard let handle = dlopen(file, RTLD_NOW | RTLD_LOCAL) else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw reject("cannot be loaded: \(message)")
        }
        guard let symbol = dlsym(handle, KEELSON_ENTRY_SYMBOL) else {
            dlclose(handle)
            throw reject("no \(KEELSON_ENTRY_SYMBOL) symbol: not a Keelson plugin (export `const keelson_plugin_descriptor *\(KEELSON_ENTRY_SYMBOL)(uint16_t, uint16_t)`)")
        }
        let entry = unsafeBitCast(symbol, to: keelson_plugin_entry_fn.self)
        guard let raw = entry(UInt16(KEELSON_ABI_MAJOR), UInt16(KEELSON_ABI_MINOR)) else {
            throw reject("\(KEELSON_ENTRY_SYMBOL) returned NULL for host ABI \(KEELSON_ABI_MAJOR).\(KEELSON_ABI_MINOR): the plugin refuses this host")
        }
        let descriptor = try copyDescriptor(UnsafeRawPointer(raw), reject: reject)
        if let problem = DescriptorCheck.fingerprint(descriptor) { throw reject(problem) }

        guard let namePointer = descriptor.name_plugin_owned, let versionPointer = descriptor.version_plugin_owned else {
            throw reject("descriptor has a NULL \(descriptor.name_plugin_owned == nil ? "name" : "version")")
        }
        let name = copyString(namePointer, limit: 256)
        if let problem = DescriptorCheck.name(name) { throw reject(problem) }
        let version = copyString(versionPointer, limit: 256)
        if let problem = DescriptorCheck.version(version) { throw reject("plugin \(name): \(problem)") }
        guard let kind = PluginKind(abiValue: descriptor.kind) else {
            throw reject("plugin \(name): unknown kind \(descriptor.kind) (expected 1-5: scheduler, runtime, cni, dns, cloud-provider)")
        }
        if let problem = DescriptorCheck.interfaceVersion(kind, major: descriptor.interface_major, minor: descriptor.interface_minor) {
            throw reject("plugin \(name): \(problem)")
        }
        if descriptor.create == nil || descriptor.destroy == nil {
            throw reject("plugin \(name): required hook \(descriptor.create == nil ? "create" : "destroy") is NULL")
        }
        guard let tablePointer = descriptor.interface_plugin_owned else {
            throw reject("plugin \(name): interface table is NULL")
        }
        let table = try copyTable(tablePointer, kind: kind, major: descriptor.interface_major, reject: { reject("plugin \(name): \($0)") })
        if kind == .scheduler, descriptor.interface_major == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR),
            let problem = SchedulerBundleCheck.manifestProblem(table.assumingMemoryBound(to: keelson_scheduler_v2.self).pointee)
        {
            throw reject("plugin \(name): scheduler bundle table: \(problem)")
        }
        if let missing = DescriptorCheck.missingHook(kind, major: descriptor.interface_major, table: table) {
            throw reject("plugin \(name): required \(kind.rawValue) hook \(missing) is NULL")
        }
        let schema = descriptor.config_schema_json_plugin_owned.map { copyString($0, limit: 1 << 20) }
        if let schema, (try? JSONValue(parsing: schema)) == nil {
            throw reject("plugin \(name): config schema is not valid JSON")
        }
        let info = PluginInfo(
            name: name, version: version, kind: kind,
            interfaceMajor: descriptor.interface_major, interfaceMinor: descriptor.interface_minor,
            abiMajor: descriptor.abi_major, abiMinor: descriptor.abi_minor,
            description: descriptor.description_plugin_owned.map { copyString($0, limit: 4096) } ?? "",
            capabilities: descriptor.capabilities, configSchema: schema, file: file
        )
        let plugin = try LoadedPlugin(info: info, handle: handle, descriptor: descriptor, interface: table)
        KnownPlugins.record(plugin)
        return plugin
    }

    /// Refuses files that are not ELF shared objects before handing them to the dynamic loader.
    private static func checkELF(_ file: String) throws {
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw PluginRejection(file: file, reason: "cannot be read (check that it exists and its permissions)")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 18)) ?? Data()
        guard header.count >= 18, header.prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]) else {
            throw PluginRejection(file: file, reason: "not an ELF shared library (\(header.count) bytes read, no ELF magic): remove it from the plugin folder")
        }
        let type = UInt16(header[16]) | UInt16(header[17]) << 8
        if type != 3 {  // ET_DYN
            throw PluginRejection(file: file, reason: "an ELF file but not a shared library (e_type \(type)): build it with -shared -fPIC")
        }
    }

    /// Copies the descriptor into a zeroed host struct, reading no more than the plugin declared.
    private static func copyDescriptor(
        _ raw: UnsafeRawPointer, reject: (String) -> PluginRejection
    ) throws -> keelson_plugin_descriptor {
        let declared = Int(raw.loadUnaligned(as: UInt32.self))
        let headerSize = 8  // struct_size, abi_major, abi_minor
        if declared < headerSize {
            throw reject("truncated descriptor: struct_size is \(declared) bytes, ABI \(KEELSON_ABI_MAJOR).\(KEELSON_ABI_MINOR) needs \(DescriptorCheck.minimumDescriptorSize)")
        }
        var head = keelson_plugin_descriptor()
        withUnsafeMutableBytes(of: &head) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: headerSize)) }
        if let problem = DescriptorCheck.versions(head) { throw reject(problem) }
        if declared < DescriptorCheck.minimumDescriptorSize {
            throw reject("truncated descriptor: struct_size is \(declared) bytes, ABI \(head.abi_major).\(head.abi_minor) needs \(DescriptorCheck.minimumDescriptorSize)")
        }
        var descriptor = keelson_plugin_descriptor()
        let count = min(declared, MemoryLayout<keelson_plugin_descriptor>.size)
        withUnsafeMutableBytes(of: &descriptor) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: count)) }
        return descriptor
    }

    /// Copies a kind's function table into a zeroed, host-owned buffer of the host's size.
    private static func copyTable(
        _ raw: UnsafeRawPointer, kind: PluginKind, major: UInt16, reject: (String) -> PluginRejection
    ) throws -> UnsafeRawPointer {
        let declared = Int(raw.loadUnaligned(as: UInt32.self))
        let minimum = kind.minimumTableSize(major: major), size = kind.hostTableSize(major: major)
        if declared < minimum {
            throw reject("truncated \(kind.rawValue) table: struct_size is \(declared) bytes, interface \(major).0 needs \(minimum)")
        }
        let copy = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        copy.initializeMemory(as: UInt8.self, repeating: 0, count: size)
        copy.copyMemory(from: raw, byteCount: min(declared, size))
        return UnsafeRawPointer(copy)
    }

    /// Copies a NUL-terminated plugin-owned string, reading at most `limit` bytes.
    private static func copyString(_ pointer: UnsafePointer<CChar>, limit: Int) -> String {
        let length = strnlen(pointer, limit)
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }
}
