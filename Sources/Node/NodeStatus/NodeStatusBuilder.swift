import Kernel

/// Builds the Node's `status` as the kubelet owns it: capacity/allocatable, conditions with
/// heartbeat and transition times, addresses, daemon endpoints, nodeInfo and images. Fields
/// others own (an external cloud provider's addresses, volumes, ...) are kept.
struct NodeStatusBuilder: Sendable {
    let spec: NodeSpecification
    let machine: MachineInfo

    /// The kubelet version it reports: the Kubernetes version Keelson follows, with Keelson's
    /// own version as build metadata.
    static var kubeletVersion: String { "\(KeelsonVersion.kubernetesCompatibility)+keelson.\(KeelsonVersion.version)" }

    func status(previous: JSONValue?, health: NodeHealth, runtime: RuntimeIdentity?, images: [JSONValue]?, now: String) -> JSONValue {
        var status = previous ?? [:]
        if status.objectValue == nil { status = [:] }
        let capacity = spec.capacityJSON
        status["capacity"] = capacity
        status["allocatable"] = capacity
        status["phase"] = nil
        status["conditions"] = .array(conditions(previous: status["conditions"]?.arrayValue ?? [], health: health, now: now))
        let previousAddresses = status["addresses"]?.arrayValue ?? []
        if !(spec.options.externalCloudProvider && !previousAddresses.isEmpty) {
            status["addresses"] = [
                ["type": "InternalIP", "address": .string(spec.options.nodeIP)],
                ["type": "Hostname", "address": .string(spec.name)],
            ]
        }
        status["daemonEndpoints"] = ["kubeletEndpoint": ["Port": .int(Int64(spec.servingPort.value ?? spec.options.port))]]
        status["nodeInfo"] = [
            "machineID": .string(machine.machineID),
            "systemUUID": .string(machine.systemUUID),
            "bootID": .string(machine.bootID),
            "kernelVersion": .string(machine.kernelVersion),
            "osImage": .string(machine.osImage),
            "containerRuntimeVersion": .string(runtime?.containerRuntimeVersion ?? ""),
            "kubeletVersion": .string(Self.kubeletVersion),
            "kubeProxyVersion": "",
            "operatingSystem": "linux",
            "architecture": .string(NodeSpecification.architecture),
        ]
        if let images { status["images"] = .array(Self.nodeImages(images)) }
        return status
    }

    /// MemoryPressure, DiskPressure, PIDPressure and Ready, in the order Kubernetes lists them.
    private func conditions(previous: [JSONValue], health: NodeHealth, now: String) -> [JSONValue] {
        let wanted: [(type: String, status: String, reason: String, message: String)] = [
            ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
            ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
            ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
            ("Ready", health.isReady ? "True" : "False", health.isReady ? "KubeletReady" : "KubeletNotReady", health.message),
        ]
        let known = Set(wanted.map(\.type))
        var result = wanted.map { item -> JSONValue in
            let old = previous.first { $0["type"]?.stringValue == item.type }
            let transition = old?["status"]?.stringValue == item.status ? (old?["lastTransitionTime"] ?? .string(now)) : .string(now)
            return [
                "type": .string(item.type), "status": .string(item.status),
                "reason": .string(item.reason), "message": .string(item.message),
                "lastHeartbeatTime": .string(now), "lastTransitionTime": transition,
            ]
        }
        // Conditions other components own (NetworkUnavailable from a cloud provider, ...) stay.
        result.append(contentsOf: previous.filter { !known.contains($0["type"]?.stringValue ?? "") })
        return result
    }

    /// `status.images` from CRI `Image`s: names (tags, then digests) and size, largest first,
    /// at most 50 (Kubernetes' default nodeStatusMaxImages).
    static func nodeImages(_ images: [JSONValue]) -> [JSONValue] {
        images.map { image -> (names: [String], size: Int64) in
            let tags = (image["repoTags"]?.arrayValue ?? []).compactMap(\.stringValue)
            let digests = (image["repoDigests"]?.arrayValue ?? []).compactMap(\.stringValue)
            return (digests + tags, CRIValues.int64(image["size"]) ?? 0)
        }
        .filter { !$0.names.isEmpty }
        .sorted { $0.size > $1.size }
        .prefix(50)
        .map { ["names": .array($0.names.map(JSONValue.string)), "sizeBytes": .int($0.size)] }
    }
}
