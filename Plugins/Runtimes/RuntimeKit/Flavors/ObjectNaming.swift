/// How a runtime builds the unique names it reserves for sandboxes and containers (CRI requires
/// one sandbox per metadata and one container per metadata in a sandbox; runtimes enforce it by
/// reserving a name built from the metadata).
enum ObjectNaming: Sendable {
    /// containerd's CRI plugin: `<pod>_<ns>_<uid>_<attempt>` and `<container>_<pod>_<ns>_<uid>_<attempt>`.
    case containerd
    /// The `k8s_` names of cri-dockerd and CRI-O: `k8s_<container>_<pod>_<ns>_<uid>_<attempt>` for
    /// containers; sandboxes `k8s_<sandboxMarker>_<pod>_<ns>_<uid>_<attempt>` (cri-dockerd's
    /// `POD`, the name of its pause container) or, without a marker, `k8s_<pod>_<ns>_<uid>_<attempt>` (CRI-O).
    case kubePrefixed(sandboxMarker: String?)

    /// The sandbox's unique name.
    func sandboxName(_ m: PodSandboxMetadata) -> String {
        switch self {
        case .containerd:
            "\(m.name)_\(m.namespace)_\(m.uid)_\(m.attempt)"
        case .kubePrefixed(let marker):
            (["k8s"] + (marker.map { [$0] } ?? []) + [m.name, m.namespace, m.uid, String(m.attempt)]).joined(separator: "_")
        }
    }

    /// The container's unique name.
    func containerName(_ c: ContainerMetadata, in s: PodSandboxMetadata) -> String {
        switch self {
        case .containerd:
            "\(c.name)_\(s.name)_\(s.namespace)_\(s.uid)_\(c.attempt)"
        case .kubePrefixed:
            "k8s_\(c.name)_\(s.name)_\(s.namespace)_\(s.uid)_\(c.attempt)"
        }
    }
}

/// Whether a sandbox runs an infra (pause) container.
enum SandboxStyle: Sendable {
    /// Every sandbox runs the configured `sandboxImage` (pulled by RunPodSandbox): containerd, cri-dockerd.
    case pauseContainer
    /// CRI-O with `drop_infra_ctr`: the sandbox is a set of pinned namespaces, no infra container
    /// and no pause image, unless the pod shares one PID namespace (`namespaceOptions.pid: POD`),
    /// which needs a process to hold it.
    case pinnedNamespaces

    /// Whether a sandbox with this config runs the pause image.
    func needsInfraContainer(_ config: PodSandboxConfig) -> Bool {
        switch self {
        case .pauseContainer: true
        case .pinnedNamespaces: config.linux?.securityContext?.namespaceOptions?.pid == .POD
        }
    }
}
