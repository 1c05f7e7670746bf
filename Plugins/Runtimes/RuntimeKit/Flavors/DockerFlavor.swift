/// cri-dockerd over Docker Engine 27: the flavor of the `docker-shim` plugin.
///
/// `Version` reports `runtimeName` `docker`, the Engine version as `runtimeVersion`, and, as
/// cri-dockerd does, the Docker API version with ".0" appended (semver) as `runtimeApiVersion`.
enum DockerFlavor: FlavorProvider {
    static let flavor = RuntimeFlavor(
        pluginName: "docker-shim",
        summary: "A fake CRI runtime that behaves like cri-dockerd over Docker Engine: k8s_ container names, "
            + "pause containers, Docker image names and json-file logs",
        runtimeName: "docker",
        runtimeVersion: "27.4.1",
        runtimeApiVersion: "1.47.0",
        kubeletApiVersion: "0.1.0",
        runtimeHandlers: [],
        imageFsMountpoint: "/var/lib/docker/overlay2",
        naming: .kubePrefixed(sandboxMarker: "POD"),
        images: .dockerHubDefault(display: .familiar, imageRef: .dockerPullable),
        logFormat: .dockerJSONFile,
        sandboxes: .pauseContainer,
        dialect: .docker,
        extraConfigKeys: [])
}
