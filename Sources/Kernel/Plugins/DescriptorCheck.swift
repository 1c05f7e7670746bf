import PluginABI

/// The checks a descriptor must pass before the host keeps anything from it. Each failure is
/// one line naming the field and what was expected.
enum DescriptorCheck {
    /// Header hashes of every released ABI minor of this major: a plugin claiming minor N must
    /// carry the hash of header 1.N exactly.
    /// (1.0 is the header before `keelson_host.cni_delegate` was appended.)
    static let releasedHeaderHashes: [UInt16: UInt32] = [0: 0x9cd5_d9bb, 1: 0xac20_2eff, 2: UInt32(KEELSON_ABI_HEADER_HASH)]

    /// The size of a 1.0 descriptor: anything shorter is truncated.
    static let minimumDescriptorSize = MemoryLayout<keelson_plugin_descriptor>.size

    static func versions(_ descriptor: keelson_plugin_descriptor) -> String? {
        let hostMajor = UInt16(KEELSON_ABI_MAJOR), hostMinor = UInt16(KEELSON_ABI_MINOR)
        if descriptor.abi_major != hostMajor {
            return "built for ABI \(descriptor.abi_major).\(descriptor.abi_minor), this host speaks ABI \(hostMajor).\(hostMinor) (majors must be equal): rebuild it against this keelson_plugin.h"
        }
        if descriptor.abi_minor > hostMinor {
            return "built for ABI \(descriptor.abi_major).\(descriptor.abi_minor), newer than this host's \(hostMajor).\(hostMinor): upgrade Keelson or rebuild the plugin against an older header"
        }
        return nil
    }

    static func fingerprint(_ descriptor: keelson_plugin_descriptor) -> String? {
        let plugin = descriptor.fingerprint
        let host = (
            size: UInt32(MemoryLayout<keelson_build_fingerprint>.size),
            pointer: UInt8(MemoryLayout<UnsafeRawPointer>.size),
            sizeT: UInt8(MemoryLayout<Int>.size),
            byteOrder: UInt8(1.littleEndian == 1 ? 1 : 2),
            bool: UInt8(MemoryLayout<Bool>.size)
        )
        func differs<T: Equatable>(_ field: String, _ got: T, _ want: T) -> String? {
            got == want ? nil : "build fingerprint mismatch: \(field) is \(got), this host has \(want): rebuild the plugin for this machine"
        }
        if let problem = differs("struct_size", plugin.struct_size, host.size)
            ?? differs("pointer_size", plugin.pointer_size, host.pointer)
            ?? differs("size_t_size", plugin.size_t_size, host.sizeT)
            ?? differs("byte_order", plugin.byte_order, host.byteOrder)
            ?? differs("bool_size", plugin.bool_size, host.bool)
        {
            return problem
        }
        guard let expected = releasedHeaderHashes[descriptor.abi_minor] else {
            return "no released header for ABI \(descriptor.abi_major).\(descriptor.abi_minor)"
        }
        if plugin.header_hash != expected {
            return String(
                format: "build fingerprint mismatch: header_hash is 0x%08x, the released ABI %d.%d header has 0x%08x: the plugin was built against a modified keelson_plugin.h",
                plugin.header_hash, Int(descriptor.abi_major), Int(descriptor.abi_minor), expected)
        }
        return nil
    }

    /// Validates a plugin name: lowercase letters, digits and dashes, 1 to 63 characters.
    static func name(_ name: String) -> String? {
        let allowed = name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
        if name.isEmpty || name.utf8.count > 63 || !allowed || name.hasPrefix("-") || name.hasSuffix("-") {
            return "name \"\(name)\" is not valid: use 1-63 lowercase letters, digits and dashes"
        }
        return nil
    }

    /// Validates a semantic version string, "1.2.3" with optional pre-release and build parts.
    static func version(_ version: String) -> String? {
        let core = version.split(separator: "+", maxSplits: 1).first.map(String.init) ?? ""
        let main = core.split(separator: "-", maxSplits: 1).first.map(String.init) ?? ""
        let numbers = main.split(separator: ".", omittingEmptySubsequences: false)
        let ok = numbers.count == 3 && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
        return ok ? nil : "version \"\(version)\" is not a semantic version (MAJOR.MINOR.PATCH)"
    }

    static func interfaceVersion(_ kind: PluginKind, major: UInt16, minor: UInt16) -> String? {
        let served = kind.hostInterfaceVersions
        if let host = served.first(where: { $0.major == major }), minor <= host.minor { return nil }
        let list = served.map { "\($0.major).\($0.minor)" }.joined(separator: " and ")
        return "\(kind.rawValue) interface \(major).\(minor) is not supported: this host implements \(list) (majors equal, plugin minor <= host minor)"
    }

    /// Names the first required hook that is NULL in a kind's table, nil when all are present.
    static func missingHook(_ kind: PluginKind, major: UInt16, table: UnsafeRawPointer) -> String? {
        func first(_ hooks: [(String, Bool)]) -> String? { hooks.first { !$0.1 }.map(\.0) }
        switch kind {
        case .scheduler where major == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR):
            return SchedulerBundleCheck.missingHook(table.assumingMemoryBound(to: keelson_scheduler_v2.self).pointee)
        case .scheduler:
            let t = table.assumingMemoryBound(to: keelson_scheduler_v1.self).pointee
            return first([("node_event", t.node_event != nil), ("pod_event", t.pod_event != nil), ("schedule", t.schedule != nil)])
        case .runtime:
            let t = table.assumingMemoryBound(to: keelson_runtime_v1.self).pointee
            return first([
                ("version", t.version != nil), ("status", t.status != nil), ("run_pod_sandbox", t.run_pod_sandbox != nil),
                ("stop_pod_sandbox", t.stop_pod_sandbox != nil), ("remove_pod_sandbox", t.remove_pod_sandbox != nil),
                ("pod_sandbox_status", t.pod_sandbox_status != nil), ("list_pod_sandbox", t.list_pod_sandbox != nil),
                ("create_container", t.create_container != nil), ("start_container", t.start_container != nil),
                ("stop_container", t.stop_container != nil), ("remove_container", t.remove_container != nil),
                ("list_containers", t.list_containers != nil), ("container_status", t.container_status != nil),
                ("exec_sync", t.exec_sync != nil), ("list_images", t.list_images != nil), ("image_status", t.image_status != nil),
                ("pull_image", t.pull_image != nil), ("remove_image", t.remove_image != nil),
            ])
        case .cni:
            let t = table.assumingMemoryBound(to: keelson_cni_v1.self).pointee
            return first([("add", t.add != nil), ("del", t.del != nil), ("check", t.check != nil), ("version", t.version != nil)])
        case .dns:
            let t = table.assumingMemoryBound(to: keelson_dns_v1.self).pointee
            return first([("start", t.start != nil), ("stop", t.stop != nil)])
        case .cloudProvider:
            let t = table.assumingMemoryBound(to: keelson_cloud_v1.self).pointee
            var hooks: [(String, Bool)] = []
            if t.supported & UInt32(KEELSON_CLOUD_INSTANCES_V2) != 0 {
                hooks += [("instance_exists", t.instance_exists != nil), ("instance_shutdown", t.instance_shutdown != nil), ("instance_metadata", t.instance_metadata != nil)]
            }
            if t.supported & UInt32(KEELSON_CLOUD_LOAD_BALANCER) != 0 {
                hooks += [
                    ("get_load_balancer", t.get_load_balancer != nil), ("get_load_balancer_name", t.get_load_balancer_name != nil),
                    ("ensure_load_balancer", t.ensure_load_balancer != nil), ("update_load_balancer", t.update_load_balancer != nil),
                    ("ensure_load_balancer_deleted", t.ensure_load_balancer_deleted != nil),
                ]
            }
            if t.supported & UInt32(KEELSON_CLOUD_ROUTES) != 0 {
                hooks += [("list_routes", t.list_routes != nil), ("create_route", t.create_route != nil), ("delete_route", t.delete_route != nil)]
            }
            if t.supported & UInt32(KEELSON_CLOUD_ZONES) != 0 {
                hooks += [("get_zone", t.get_zone != nil), ("get_zone_by_provider_id", t.get_zone_by_provider_id != nil), ("get_zone_by_node_name", t.get_zone_by_node_name != nil)]
            }
            return first(hooks)
        }
    }
}
