import Kernel

/// The CRI calls the kubelet makes, typed over the generic `RuntimePluginClient` (which speaks
/// runtime.v1 messages in the proto3 JSON mapping).
struct RuntimeService: Sendable {
    /// The plugin client.
    let client: RuntimePluginClient

    // MARK: runtime

    /// `Version`: the runtime's name and version.
    func version() async throws -> RuntimeIdentity {
        let response = try await client.call(.version, ["version": "v1"])
        return RuntimeIdentity(
            name: response["runtimeName"]?.stringValue ?? "unknown",
            version: response["runtimeVersion"]?.stringValue ?? "unknown",
            apiVersion: response["runtimeApiVersion"]?.stringValue ?? "v1"
        )
    }

    /// `Status`: the runtime's conditions by type ("RuntimeReady", "NetworkReady").
    func status() async throws -> [String: RuntimeCondition] {
        let response = try await client.call(.status, [:])
        var conditions: [String: RuntimeCondition] = [:]
        for item in response[path: "status", "conditions"]?.arrayValue ?? [] {
            guard let type = item["type"]?.stringValue else { continue }
            conditions[type] = RuntimeCondition(
                status: item["status"]?.boolValue ?? false,
                reason: item["reason"]?.stringValue ?? "",
                message: item["message"]?.stringValue ?? ""
            )
        }
        return conditions
    }

    /// `UpdateRuntimeConfig` with the node's pod CIDR (optional in the ABI).
    func updatePodCIDR(_ cidr: String) async throws {
        _ = try await client.call(.updateRuntimeConfig, ["runtimeConfig": ["networkConfig": ["podCidr": .string(cidr)]]])
    }

    // MARK: sandboxes

    /// `RunPodSandbox`: the new sandbox's id.
    func runPodSandbox(_ config: JSONValue, handler: String) async throws -> String {
        var request: JSONValue = ["config": config]
        if !handler.isEmpty { request["runtimeHandler"] = .string(handler) }
        let response = try await client.call(.runPodSandbox, request)
        guard let id = response["podSandboxId"]?.stringValue, !id.isEmpty else {
            throw RuntimeResponseError(method: "RunPodSandbox", problem: "the response has no podSandboxId")
        }
        return id
    }

    /// `StopPodSandbox`; a sandbox that is already gone counts as stopped.
    func stopPodSandbox(_ id: String) async throws {
        try await ignoringNotFound { _ = try await client.call(.stopPodSandbox, ["podSandboxId": .string(id)]) }
    }

    /// `RemovePodSandbox`; a sandbox that is already gone counts as removed.
    func removePodSandbox(_ id: String) async throws {
        try await ignoringNotFound { _ = try await client.call(.removePodSandbox, ["podSandboxId": .string(id)]) }
    }

    /// `PodSandboxStatus`: the sandbox's state, nil when the runtime no longer knows it.
    func podSandboxState(_ id: String) async throws -> CRISandboxState? {
        do {
            let response = try await client.call(.podSandboxStatus, ["podSandboxId": .string(id)])
            return CRISandboxState(json: response[path: "status", "state"])
        } catch where CRIValues.isNotFound(error) {
            return nil
        }
    }

    /// `ListPodSandbox`: the ids of the sandboxes in state SANDBOX_READY.
    func liveSandboxIDs() async throws -> [String] {
        let response = try await client.call(.listPodSandbox, ["filter": [:]])
        return (response["items"]?.arrayValue ?? []).compactMap { item in
            CRISandboxState(json: item["state"]) == .ready ? item["id"]?.stringValue : nil
        }
    }

    // MARK: containers

    /// `CreateContainer`: the new container's id.
    func createContainer(sandboxID: String, config: JSONValue, sandboxConfig: JSONValue) async throws -> String {
        let response = try await client.call(
            .createContainer, ["podSandboxId": .string(sandboxID), "config": config, "sandboxConfig": sandboxConfig])
        guard let id = response["containerId"]?.stringValue, !id.isEmpty else {
            throw RuntimeResponseError(method: "CreateContainer", problem: "the response has no containerId")
        }
        return id
    }

    /// `StartContainer`.
    func startContainer(_ id: String) async throws {
        _ = try await client.call(.startContainer, ["containerId": .string(id)])
    }

    /// `StopContainer` with a grace period in seconds; a container already gone counts as stopped.
    func stopContainer(_ id: String, timeout: Int64) async throws {
        try await ignoringNotFound {
            _ = try await client.call(.stopContainer, ["containerId": .string(id), "timeout": .int(timeout)])
        }
    }

    /// `RemoveContainer`; a container already gone counts as removed.
    func removeContainer(_ id: String) async throws {
        try await ignoringNotFound { _ = try await client.call(.removeContainer, ["containerId": .string(id)]) }
    }

    /// `ContainerStatus`, nil when the runtime no longer knows the container.
    func containerStatus(_ id: String) async throws -> ContainerSnapshot? {
        do {
            let response = try await client.call(.containerStatus, ["containerId": .string(id)])
            guard let status = response["status"] else { return nil }
            return ContainerSnapshot(status: status, fallbackID: id)
        } catch where CRIValues.isNotFound(error) {
            return nil
        }
    }

    /// `ListContainers` without a filter: every container's id, state and labels.
    func listContainers() async throws -> [ContainerSummary] {
        let response = try await client.call(.listContainers, ["filter": [:]])
        return (response["containers"]?.arrayValue ?? []).compactMap { item in
            guard let id = item["id"]?.stringValue else { return nil }
            return ContainerSummary(
                id: id, sandboxID: item["podSandboxId"]?.stringValue ?? "",
                state: CRIContainerState(json: item["state"]), labels: CRIValues.stringMap(item["labels"]))
        }
    }

    // MARK: images

    /// `ImageStatus`: the image when the runtime holds it, nil when it does not.
    func imageStatus(_ image: String) async throws -> JSONValue? {
        let response = try await client.call(.imageStatus, ["image": ["image": .string(image)]])
        guard let found = response["image"], found != .null, found.objectValue?.isEmpty == false else { return nil }
        return found
    }

    /// `PullImage`: the image reference the runtime resolved.
    func pullImage(_ image: String, sandboxConfig: JSONValue?) async throws -> String {
        var request: JSONValue = ["image": ["image": .string(image)]]
        if let sandboxConfig { request["sandboxConfig"] = sandboxConfig }
        let response = try await client.call(.pullImage, request)
        return response["imageRef"]?.stringValue ?? image
    }

    /// `ListImages`: every image the runtime holds.
    func listImages() async throws -> [JSONValue] {
        try await client.call(.listImages, [:])["images"]?.arrayValue ?? []
    }

    private func ignoringNotFound(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch where CRIValues.isNotFound(error) {
            return
        }
    }
}

/// The runtime's `Version` answer.
struct RuntimeIdentity: Sendable, Equatable {
    /// "containerd".
    let name: String
    /// "1.7.0".
    let version: String
    /// "v1".
    let apiVersion: String

    /// `nodeInfo.containerRuntimeVersion`: "containerd://1.7.0".
    var containerRuntimeVersion: String { "\(name)://\(version)" }

    /// A container id as the API shows it: "containerd://<id>".
    func containerID(_ id: String) -> String { "\(name)://\(id)" }
}

/// One condition of the runtime's `Status`.
struct RuntimeCondition: Sendable, Equatable {
    /// Whether the condition holds.
    let status: Bool
    /// Machine-readable reason.
    let reason: String
    /// Human-readable message.
    let message: String
}

/// A container as `ContainerStatus` describes it.
struct ContainerSnapshot: Sendable, Equatable {
    let id: String
    let name: String
    let attempt: Int64
    let state: CRIContainerState
    let createdAt: Int64
    let startedAt: Int64
    let finishedAt: Int64
    let exitCode: Int32
    let image: String
    let imageRef: String
    let reason: String
    let message: String

    init(status: JSONValue, fallbackID: String) {
        id = status["id"]?.stringValue ?? fallbackID
        name = status[path: "metadata", "name"]?.stringValue ?? ""
        attempt = CRIValues.int64(status[path: "metadata", "attempt"]) ?? 0
        state = CRIContainerState(json: status["state"])
        createdAt = CRIValues.int64(status["createdAt"]) ?? 0
        startedAt = CRIValues.int64(status["startedAt"]) ?? 0
        finishedAt = CRIValues.int64(status["finishedAt"]) ?? 0
        exitCode = Int32(truncatingIfNeeded: CRIValues.int64(status["exitCode"]) ?? 0)
        image = status[path: "image", "image"]?.stringValue ?? ""
        imageRef = status["imageRef"]?.stringValue ?? ""
        reason = status["reason"]?.stringValue ?? ""
        message = status["message"]?.stringValue ?? ""
    }
}

/// A container as `ListContainers` describes it.
struct ContainerSummary: Sendable, Equatable {
    let id: String
    let sandboxID: String
    let state: CRIContainerState
    let labels: [String: String]
}

/// A runtime answer the kubelet cannot use.
struct RuntimeResponseError: Error, CustomStringConvertible {
    let method: String
    let problem: String
    var description: String { "\(method): \(problem)" }
}

extension CRIValues {
    /// Whether a runtime call failed with NOT_FOUND (CRI's gRPC NotFound).
    static func isNotFound(_ error: any Error) -> Bool {
        (error as? PluginCallError)?.statusName == "NOT_FOUND"
    }

    /// Whether a runtime call failed because the plugin does not implement it.
    static func isUnsupported(_ error: any Error) -> Bool {
        (error as? PluginCallError)?.statusName == "UNSUPPORTED"
    }
}
