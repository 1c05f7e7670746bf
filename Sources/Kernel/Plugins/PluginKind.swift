import PluginABI

/// The kinds of plugin the kernel hosts, each with its own interface (function table).
public enum PluginKind: String, Sendable, CaseIterable, Codable {
    case scheduler
    case runtime
    case cni
    case dns
    case cloudProvider = "cloud-provider"

    /// The kind named by a descriptor's `kind` field, nil for an unknown value.
    public init?(abiValue: UInt32) {
        switch Int(abiValue) {
        case Int(KEELSON_KIND_SCHEDULER): self = .scheduler
        case Int(KEELSON_KIND_RUNTIME): self = .runtime
        case Int(KEELSON_KIND_CNI): self = .cni
        case Int(KEELSON_KIND_DNS): self = .dns
        case Int(KEELSON_KIND_CLOUD_PROVIDER): self = .cloudProvider
        default: return nil
        }
    }

    /// The interface version this host implements for the kind (major, minor): the newest of
    /// `hostInterfaceVersions`.
    public var hostInterfaceVersion: (major: UInt16, minor: UInt16) { hostInterfaceVersions.last! }

    /// Every interface major this host serves for the kind, with its newest minor, oldest first:
    /// schedulers come as interface 1.0 (`keelson_scheduler_v1`) or 2.0 (`keelson_scheduler_v2`,
    /// a bundle of framework plugins).
    public var hostInterfaceVersions: [(major: UInt16, minor: UInt16)] {
        switch self {
        case .scheduler:
            [
                (UInt16(KEELSON_SCHEDULER_INTERFACE_MAJOR), UInt16(KEELSON_SCHEDULER_INTERFACE_MINOR)),
                (UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR), UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MINOR)),
            ]
        case .runtime: [(UInt16(KEELSON_RUNTIME_INTERFACE_MAJOR), UInt16(KEELSON_RUNTIME_INTERFACE_MINOR))]
        case .cni: [(UInt16(KEELSON_CNI_INTERFACE_MAJOR), UInt16(KEELSON_CNI_INTERFACE_MINOR))]
        case .dns: [(UInt16(KEELSON_DNS_INTERFACE_MAJOR), UInt16(KEELSON_DNS_INTERFACE_MINOR))]
        case .cloudProvider: [(UInt16(KEELSON_CLOUD_INTERFACE_MAJOR), UInt16(KEELSON_CLOUD_INTERFACE_MINOR))]
        }
    }

    /// The size of the kind's function table of interface `major` in this host's header: the
    /// host copies a plugin's table into a zeroed buffer of this size, so hooks a plugin predates
    /// read as NULL.
    func hostTableSize(major: UInt16) -> Int {
        switch self {
        case .scheduler:
            major == UInt16(KEELSON_SCHEDULER_FRAMEWORK_INTERFACE_MAJOR)
                ? MemoryLayout<keelson_scheduler_v2>.size : MemoryLayout<keelson_scheduler_v1>.size
        case .runtime: MemoryLayout<keelson_runtime_v1>.size
        case .cni: MemoryLayout<keelson_cni_v1>.size
        case .dns: MemoryLayout<keelson_dns_v1>.size
        case .cloudProvider: MemoryLayout<keelson_cloud_v1>.size
        }
    }

    /// The smallest table a plugin of interface `major`.0 may ship: that major's first table.
    func minimumTableSize(major: UInt16) -> Int { hostTableSize(major: major) }

    /// What the host table lets an instance of this kind do besides logging, reading and
    /// reporting status: runtimes and CNI plugins are driven by the kubelet and may not watch.
    var mayWatch: Bool {
        switch self {
        case .scheduler, .dns, .cloudProvider: true
        case .runtime, .cni: false
        }
    }
}
