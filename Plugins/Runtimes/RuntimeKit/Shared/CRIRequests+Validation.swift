import Foundation
import PluginSDK

extension RunPodSandboxRequest {
    /// The sandbox config and its metadata, which must name the pod (name, namespace, uid).
    func validated() throws -> (config: PodSandboxConfig, metadata: PodSandboxMetadata) {
        guard let config, let metadata = config.metadata else {
            throw PluginError.invalidArgument("sandbox config must include metadata")
        }
        guard !metadata.name.isEmpty, !metadata.namespace.isEmpty, !metadata.uid.isEmpty else {
            throw PluginError.invalidArgument("sandbox metadata must include name, namespace and uid")
        }
        return (config, metadata)
    }
}

extension CreateContainerRequest {
    /// The container config, its metadata (which must have a name) and its image name.
    func validated() throws -> (config: ContainerConfig, metadata: ContainerMetadata, image: String) {
        guard let config, let metadata = config.metadata, !metadata.name.isEmpty else {
            throw PluginError.invalidArgument("container config must include metadata with a name")
        }
        guard let image = config.image?.image, !image.isEmpty else {
            throw PluginError.invalidArgument("container config must include an image")
        }
        return (config, metadata, image)
    }
}

/// A request that names one image (PullImage, ImageStatus, RemoveImage).
protocol ImageRequest {
    /// The image the request names.
    var image: ImageSpec? { get }
}

extension ImageRequest {
    /// The image name, which must be given.
    func imageName() throws -> String {
        guard let text = image?.image, !text.isEmpty else { throw PluginError.invalidArgument("image must be specified") }
        return text
    }
}

extension PullImageRequest: ImageRequest {}
extension ImageStatusRequest: ImageRequest {}
extension RemoveImageRequest: ImageRequest {}
