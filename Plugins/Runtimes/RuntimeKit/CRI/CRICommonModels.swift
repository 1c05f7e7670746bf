import Foundation

// Messages shared by several CRI calls (runtime.v1), in and out. Missing input fields take
// their proto3 defaults.

/// `PodSandboxMetadata`.
struct PodSandboxMetadata: Codable, Sendable, Equatable {
    var name = ""
    var uid = ""
    var namespace = ""
    var attempt = 0

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        uid = try c.decodeIfPresent(String.self, forKey: .uid) ?? ""
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace) ?? ""
        attempt = try c.decodeIfPresent(Int.self, forKey: .attempt) ?? 0
    }
}

/// `ContainerMetadata`.
struct ContainerMetadata: Codable, Sendable, Equatable {
    var name = ""
    var attempt = 0

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        attempt = try c.decodeIfPresent(Int.self, forKey: .attempt) ?? 0
    }
}

/// `ImageSpec`.
struct ImageSpec: Codable, Sendable, Equatable {
    var image = ""
    var annotations: [String: String] = [:]
    var userSpecifiedImage = ""
    var runtimeHandler = ""

    init(image: String = "", annotations: [String: String] = [:], userSpecifiedImage: String = "", runtimeHandler: String = "") {
        self.image = image
        self.annotations = annotations
        self.userSpecifiedImage = userSpecifiedImage
        self.runtimeHandler = runtimeHandler
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        image = try c.decodeIfPresent(String.self, forKey: .image) ?? ""
        annotations = try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
        userSpecifiedImage = try c.decodeIfPresent(String.self, forKey: .userSpecifiedImage) ?? ""
        runtimeHandler = try c.decodeIfPresent(String.self, forKey: .runtimeHandler) ?? ""
    }
}

/// `KeyValue` (container environment).
struct KeyValue: Codable, Sendable, Equatable {
    var key = ""
    var value = ""

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decodeIfPresent(String.self, forKey: .key) ?? ""
        value = try c.decodeIfPresent(String.self, forKey: .value) ?? ""
    }
}

/// `MountPropagation`.
enum MountPropagation: String, ProtoEnum, Sendable {
    case PROPAGATION_PRIVATE, PROPAGATION_HOST_TO_CONTAINER, PROPAGATION_BIDIRECTIONAL
}

/// `Mount`: a host path seen inside the container (the fake reads and writes through it).
struct Mount: Codable, Sendable, Equatable {
    var containerPath = ""
    var hostPath = ""
    var readonly = false
    var selinuxRelabel = false
    var propagation = MountPropagation.PROPAGATION_PRIVATE

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containerPath = try c.decodeIfPresent(String.self, forKey: .containerPath) ?? ""
        hostPath = try c.decodeIfPresent(String.self, forKey: .hostPath) ?? ""
        readonly = try c.decodeIfPresent(Bool.self, forKey: .readonly) ?? false
        selinuxRelabel = try c.decodeIfPresent(Bool.self, forKey: .selinuxRelabel) ?? false
        propagation = try c.decodeIfPresent(MountPropagation.self, forKey: .propagation) ?? .PROPAGATION_PRIVATE
    }
}

/// `DNSConfig` of a sandbox (becomes the container's /etc/resolv.conf).
struct DNSConfig: Codable, Sendable, Equatable {
    var servers: [String]?
    var searches: [String]?
    var options: [String]?
}

/// The parts of `PodSandboxConfig` the runtime keeps; the rest is accepted and ignored.
struct PodSandboxConfig: Codable, Sendable, Equatable {
    var metadata: PodSandboxMetadata?
    var hostname: String?
    var logDirectory: String?
    var dnsConfig: DNSConfig?
    var labels: [String: String]?
    var annotations: [String: String]?
    var linux: LinuxPodSandboxConfig?
}

/// `NamespaceMode`: whose namespace a pod's containers use.
enum NamespaceMode: String, ProtoEnum, Sendable {
    case POD, CONTAINER, NODE, TARGET
}

/// `NamespaceOption`: the network, PID and IPC namespace modes of a sandbox.
struct NamespaceOption: Codable, Sendable, Equatable {
    var network: NamespaceMode?
    var pid: NamespaceMode?
    var ipc: NamespaceMode?
}

/// The part of `LinuxSandboxSecurityContext` the runtime reads.
struct LinuxSandboxSecurityContext: Codable, Sendable, Equatable {
    var namespaceOptions: NamespaceOption?
}

/// The part of `LinuxPodSandboxConfig` the runtime reads.
struct LinuxPodSandboxConfig: Codable, Sendable, Equatable {
    var securityContext: LinuxSandboxSecurityContext?
}
