import Foundation

/// One pod sandbox, as every engine records it.
struct SandboxRecord: Sendable {
    /// The sandbox ID.
    let id: String
    /// The reserved unique name (the fakes: see `RuntimeFlavor.sandboxName`).
    let name: String
    /// The metadata RunPodSandbox gave.
    let metadata: PodSandboxMetadata
    /// The config RunPodSandbox gave.
    let config: PodSandboxConfig
    /// The resolved runtime handler.
    let runtimeHandler: String
    /// Creation time, in nanoseconds since the epoch.
    let createdAt: Int64
    /// READY until StopPodSandbox.
    var state: PodSandboxState = .SANDBOX_READY
    /// The pod IP the kubelet passed in the `keelson.dev/pod-ip` annotation; cleared on stop.
    var ip: String?
    /// Further IPs from `keelson.dev/pod-ips` (comma-separated).
    var additionalIPs: [String] = []
    /// Whether the sandbox runs an infra (pause) container (the fakes, see `SandboxStyle`);
    /// nil for an engine that never runs one.
    var infraContainer: Bool?

    /// The config's labels.
    var labels: [String: String] { config.labels ?? [:] }
    /// The config's annotations.
    var annotations: [String: String] { config.annotations ?? [:] }
    /// The config's hostname, else the pod name.
    var hostname: String { config.hostname?.isEmpty == false ? config.hostname! : metadata.name }

    /// The ListPodSandbox item.
    var listItem: PodSandbox {
        PodSandbox(id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt),
                   labels: labels, annotations: annotations, runtimeHandler: runtimeHandler)
    }

    /// The CRI `PodSandboxStatus`, with the network status while the pod IP is known.
    var status: PodSandboxStatus {
        let network = ip.map { PodSandboxNetworkStatus(ip: $0, additionalIps: additionalIPs.map(PodIP.init)) }
        return PodSandboxStatus(
            id: id, metadata: metadata, state: state, createdAt: ProtoInt64(createdAt), network: network,
            labels: labels, annotations: annotations, runtimeHandler: runtimeHandler)
    }

    /// The `info` of a verbose PodSandboxStatus: name, handler and, where the engine has the
    /// notion, whether an infra container runs.
    var verboseInfo: String {
        let infra = infraContainer.map { ",\"infraContainer\":\($0)" } ?? ""
        return "{\"sandboxName\":\"\(name)\",\"runtimeHandler\":\"\(runtimeHandler)\"\(infra)}"
    }
}
