import Foundation

// Pod sandbox messages (runtime.v1).

/// `PodSandboxState`.
enum PodSandboxState: String, ProtoEnum, Sendable {
    case SANDBOX_READY, SANDBOX_NOTREADY
}

struct RunPodSandboxRequest: Decodable {
    var config: PodSandboxConfig?
    var runtimeHandler: String?
}

struct RunPodSandboxResponse: Encodable {
    var podSandboxId: String
}

/// StopPodSandbox, RemovePodSandbox and PodSandboxStatus requests.
struct PodSandboxRequest: Decodable {
    var podSandboxId: String?
    var verbose: Bool?
}

struct PodSandboxFilter: Decodable {
    struct StateValue: Decodable { var state: PodSandboxState? }
    var id: String?
    var state: StateValue?
    var labelSelector: [String: String]?
}

struct ListPodSandboxRequest: Decodable {
    var filter: PodSandboxFilter?
}

struct PodIP: Encodable {
    var ip: String
}

struct PodSandboxNetworkStatus: Encodable {
    var ip: String
    var additionalIps: [PodIP]
}

struct PodSandboxStatus: Encodable {
    var id: String
    var metadata: PodSandboxMetadata
    var state: PodSandboxState
    var createdAt: ProtoInt64
    var network: PodSandboxNetworkStatus?
    var labels: [String: String]
    var annotations: [String: String]
    var runtimeHandler: String
}

struct PodSandboxStatusResponse: Encodable {
    var status: PodSandboxStatus
    var info: [String: String]
    var containersStatuses: [ContainerStatus]
    var timestamp: ProtoInt64
}

/// `PodSandbox`, one item of ListPodSandbox.
struct PodSandbox: Encodable {
    var id: String
    var metadata: PodSandboxMetadata
    var state: PodSandboxState
    var createdAt: ProtoInt64
    var labels: [String: String]
    var annotations: [String: String]
    var runtimeHandler: String
}

struct ListPodSandboxResponse: Encodable {
    var items: [PodSandbox]
}
