/// What makes a fake runtime imitate one real CRI runtime rather than another: names,
/// versions and naming rules. Everything else (state machines, catalogue, interpreter) is
/// runtime-neutral, so another fake runtime only needs its own flavor. The defaults are
/// containerd's.
struct RuntimeFlavor: Sendable {
    /// The plugin's name (`containerd-like`), used in messages.
    var pluginName = "containerd-like"
    /// The descriptor's one-line description.
    var summary = "A fake CRI runtime that behaves like containerd: sandboxes, containers and images with CRI's state machines"
    /// `VersionResponse.runtimeName`.
    var runtimeName = "containerd"
    /// `VersionResponse.runtimeVersion` (semver).
    var runtimeVersion = "1.7.24-keelson"
    /// `VersionResponse.runtimeApiVersion`.
    var runtimeApiVersion = "v1"
    /// `VersionResponse.version`: the kubelet runtime API version.
    var kubeletApiVersion = "0.1.0"
    /// The runtime handlers (RuntimeClass handlers) it accepts; "" selects the first.
    var runtimeHandlers = ["runc"]
    /// Where images live, as ImageFsInfo reports.
    var imageFsMountpoint = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs"

    /// The unique name reserved for a sandbox, as containerd builds it.
    func sandboxName(_ m: PodSandboxMetadata) -> String {
        "\(m.name)_\(m.namespace)_\(m.uid)_\(m.attempt)"
    }

    /// The unique name reserved for a container in a sandbox, as containerd builds it.
    func containerName(_ c: ContainerMetadata, in s: PodSandboxMetadata) -> String {
        "\(c.name)_\(s.name)_\(s.namespace)_\(s.uid)_\(c.attempt)"
    }

    /// The `reason` of an exited container.
    func exitReason(code: Int32, oomKilled: Bool) -> String {
        if oomKilled { return "OOMKilled" }
        return code == 0 ? "Completed" : "Error"
    }

    /// Whether `handler` names a configured runtime handler ("" is the default one).
    func resolveHandler(_ handler: String) -> String? {
        if handler.isEmpty { return "" }
        return runtimeHandlers.contains(handler) ? handler : nil
    }
}

/// A type that names the flavor of one fake runtime plugin (the generic parameter of `FakeRuntime`).
protocol FlavorProvider {
    /// The flavor every instance of the plugin uses.
    static var flavor: RuntimeFlavor { get }
}
