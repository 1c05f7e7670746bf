import Kernel

/// Makes a container's image available by its `imagePullPolicy`: Always pulls, IfNotPresent
/// pulls when `ImageStatus` finds nothing, Never only checks. Records the Pulling/Pulled/Failed
/// Events and turns failures into the waiting reasons kubectl users know.
struct ImagePuller: Sendable {
    let context: KubeletContext

    /// The image reference, or why the container has to wait.
    func ensureImage(_ container: ContainerSpec, pod: PodView, sandboxConfig: JSONValue) async -> Result<String, ContainerWaiting> {
        let image = container.image
        let recorder = context.recorder
        guard !image.isEmpty, !image.contains(" ") else {
            let message = "Failed to apply default image tag \"\(image)\": couldn't parse image name \"\(image)\": invalid reference format"
            await recorder.pod(pod.pod, .warning, "InspectFailed", message, fieldPath: container.fieldPath)
            return .failure(ContainerWaiting(reason: "InvalidImageName", message: message))
        }
        let policy = container.pullPolicy
        if policy != "Always" {
            if let present = try? await context.runtime.imageStatus(image) {
                await recorder.pod(pod.pod, .normal, "Pulled", "Container image \"\(image)\" already present on machine", fieldPath: container.fieldPath)
                return .success(present["id"]?.stringValue ?? image)
            }
            if policy == "Never" {
                let message = "Container image \"\(image)\" is not present with pull policy of Never"
                await recorder.pod(pod.pod, .warning, "ErrImageNeverPull", message, fieldPath: container.fieldPath)
                return .failure(ContainerWaiting(reason: "ErrImageNeverPull", message: message))
            }
        }
        await recorder.pod(pod.pod, .normal, "Pulling", "Pulling image \"\(image)\"", fieldPath: container.fieldPath)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let reference = try await context.runtime.pullImage(image, sandboxConfig: sandboxConfig)
            let took = KubeTime.describe(clock.now - started)
            await recorder.pod(pod.pod, .normal, "Pulled", "Successfully pulled image \"\(image)\" in \(took) (\(took) including waiting)", fieldPath: container.fieldPath)
            return .success(reference)
        } catch {
            let detail = (error as? PluginCallError)?.message ?? "\(error)"
            let message = "Failed to pull image \"\(image)\": \(detail)"
            await recorder.pod(pod.pod, .warning, "Failed", message, fieldPath: container.fieldPath)
            await recorder.pod(pod.pod, .warning, "Failed", "Error: ErrImagePull", fieldPath: container.fieldPath)
            return .failure(ContainerWaiting(reason: "ErrImagePull", message: message))
        }
    }
}
