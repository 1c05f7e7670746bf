/// CRI-O 1.31 (with crun as its default OCI runtime and `drop_infra_ctr`): the flavor of the
/// `cri-o-like` plugin.
enum CrioFlavor: FlavorProvider {
    static let flavor = RuntimeFlavor(
        pluginName: "cri-o-like",
        summary: "A fake CRI runtime that behaves like CRI-O: pinned-namespace sandboxes without infra containers, "
            + "short names through search registries, runc and crun handlers",
        runtimeName: "cri-o",
        runtimeVersion: "1.31.3",
        runtimeApiVersion: "v1",
        kubeletApiVersion: "0.1.0",
        runtimeHandlers: ["crun", "runc"],
        imageFsMountpoint: "/var/lib/containers/storage/overlay-images",
        naming: .kubePrefixed(sandboxMarker: nil),
        images: .searchRegistries(display: .fullyQualified, imageRef: .repoDigest),
        logFormat: .cri,
        sandboxes: .pinnedNamespaces,
        dialect: .crio,
        extraConfigKeys: [.unqualifiedSearchRegistries, .shortNameAliases])
}
