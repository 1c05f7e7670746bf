import Kernel

/// Makes a container's image available by its `imagePullPolicy`: Always pulls, IfNotPresent
/// pulls when `ImageStatus` finds nothing, Never only checks. A failed pull backs off per image
/// (10 s doubling to 5 min): while it does, the container waits in `ImagePullBackOff` instead of
/// pulling. Records the Pulling/Pulled/Failed/BackOff Events with the kubelet's wording.
struct ImagePuller: Sendable {
    let context: KubeletContext

    /// The image reference, or why the container has to wait (ErrImagePull, ImagePullBackOff,
    /// ErrImageNeverPull, InvalidImageName).
    func ensureImage(_ container: ContainerSpec, pod: PodView, sandboxConfig: JSONValue,
                     backOff: inout BackOffTable, now: ContinuousClock.Instant) async -> Result<String, ContainerWaiting> {
        let image = container.image
        let recorder = context.recorder
        let fieldPath = container.fieldPath
        guard !image.isEmpty, !image.contains(" ") else {
            let message = "Failed to apply default image tag \"\(image)\": couldn't parse image name \"\(image)\": invalid reference format"
            await recorder.pod(pod.pod, .warning, "InspectFailed", message, fieldPath: fieldPath)
            return .failure(ContainerWaiting(reason: "InvalidImageName", message: message))
        }
        let policy = container.pullPolicy
        if policy != "Always" {
            if let present = try? await context.runtime.imageStatus(image) {
                await recorder.pod(pod.pod, .normal, "Pulled", "Container image \"\(image)\" already present on machine", fieldPath: fieldPath)
                return .success(present["id"]?.stringValue ?? image)
            }
            if policy == "Never" {
                let message = "Container image \"\(image)\" is not present with pull policy of Never"
                await recorder.pod(pod.pod, .warning, "ErrImageNeverPull", message, fieldPath: fieldPath)
                return .failure(ContainerWaiting(reason: "ErrImageNeverPull", message: message))
            }
        }
        if backOff.isInBackOffSinceUpdate(image, now: now) {
            let message = "Back-off pulling image \"\(image)\""
            await recorder.pod(pod.pod, .normal, "BackOff", message, fieldPath: fieldPath)
            return .failure(ContainerWaiting(reason: "ImagePullBackOff", message: message))
        }
        await recorder.pod(pod.pod, .normal, "Pulling", "Pulling image \"\(image)\"", fieldPath: fieldPath)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let reference = try await context.runtime.pullImage(image, sandboxConfig: sandboxConfig)
            let took = GoDuration.format(Self.truncatedToMilliseconds(clock.now - started))
            var message = "Successfully pulled image \"\(image)\" in \(took) (\(took) including waiting)."
            if let size = try? await context.runtime.imageStatus(image).flatMap({ CRIValues.int64($0["size"]) }) {
                message += " Image size: \(size) bytes."
            }
            await recorder.pod(pod.pod, .normal, "Pulled", message, fieldPath: fieldPath)
            return .success(reference)
        } catch {
            let detail = RuntimeErrorText.grpc(error)
            await recorder.pod(pod.pod, .warning, "Failed", "Failed to pull image \"\(image)\": \(detail)", fieldPath: fieldPath)
            backOff.next(image, eventTime: clock.now, now: clock.now)
            return .failure(ContainerWaiting(reason: "ErrImagePull", message: detail))
        }
    }

    /// A duration cut to whole milliseconds, as the kubelet prints pull times.
    static func truncatedToMilliseconds(_ duration: Duration) -> Duration {
        let (seconds, attoseconds) = duration.components
        return .seconds(seconds) + .milliseconds(attoseconds / 1_000_000_000_000_000)
    }
}
