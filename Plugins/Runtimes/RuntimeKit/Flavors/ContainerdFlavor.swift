/// containerd 1.7 with its CRI plugin: the flavor of the `containerd-like` plugin (the
/// defaults of `RuntimeFlavor`).
enum ContainerdFlavor: FlavorProvider {
    static let flavor = RuntimeFlavor()
}
