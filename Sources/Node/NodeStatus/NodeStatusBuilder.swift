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
        // As the kubelet: images it cannot list are not reported.
        let listed = images.map { Self.nodeImages($0, maximum: spec.options.nodeStatusMaxImages) } ?? []
        status["images"] = listed.isEmpty ? nil : .array(listed)
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

    /// Most names reported per image (Kubernetes' MaxNamesPerImageInNodeStatus).
    static let maximumNamesPerImage = 5

    /// `status.images` from CRI `Image`s as the kubelet reports them: largest first (equal sizes
    /// by image id, descending), at most `maximum` images (-1: all; Kubernetes'
    /// nodeStatusMaxImages, default 50), each with its digests then tags, at most 5 names.
    static func nodeImages(_ images: [JSONValue], maximum: Int = 50) -> [JSONValue] {
        let sorted = images.map { image -> (id: String, names: [String], size: Int64) in
            let tags = (image["repoTags"]?.arrayValue ?? []).compactMap(\.stringValue)
            let digests = (image["repoDigests"]?.arrayValue ?? []).compactMap(\.stringValue)
            return (image["id"]?.stringValue ?? "", digests + tags, CRIValues.int64(image["size"]) ?? 0)
        }
        .sorted { $0.size != $1.size ? $0.size > $1.size : $0.id > $1.id }
        let kept = maximum < 0 ? sorted[...] : sorted.prefix(maximum)
        return kept.filter { !$0.names.isEmpty }.map {
            ["names": .array($0.names.prefix(maximumNamesPerImage).map(JSONValue.string)), "sizeBytes": .int($0.size)]
        }
    }
}
