import Foundation
import Kernel

/// What the kubelet server shows, read from the kubelet's parts: the pods bound to the node
/// (from the API, as the kubelet's pod source sees them), the runtime, the node's facts and
/// its pod log directory.
struct KubeletView: Sendable {
    /// The node's facts (name, capacity, options).
    let node: NodeSpecification
    /// The API.
    let client: any ObjectClient
    /// The node's runtime.
    let runtime: RuntimeService
    /// The machine's ids.
    let machine: MachineInfo
    /// When the kubelet started (RFC 3339).
    let startTime: String

    /// The pod log layout under the node's log root.
    var logFiles: ContainerLogFiles { ContainerLogFiles(root: node.options.podLogRoot) }

    /// The pods bound to this node.
    func pods() async throws -> [JSONValue] {
        let (items, _) = try await client.list(.pods, namespace: nil, labelSelector: [:])
        return items.filter { $0[path: "spec", "nodeName"]?.stringValue == node.name }
    }

    /// `/pods`: a v1 PodList.
    func podList() async throws -> JSONValue {
        ["kind": "PodList", "apiVersion": "v1", "metadata": [:], "items": .array(try await pods())]
    }

    /// One pod of this node by namespace and name, nil when there is none.
    func pod(namespace: String, name: String) async throws -> JSONValue? {
        try await pods().first { $0.namespace == namespace && $0.name == name }
    }

    /// `/spec`: cAdvisor's MachineInfo, the parts a simulated node knows.
    func machineSpec() -> JSONValue {
        let capacity = node.capacityJSON
        let cores = ResourceQuantity.milliCPU(capacity["cpu"]?.stringValue ?? "") / 1000
        return [
            "num_cores": .int(Int64(max(cores, 1))),
            "num_physical_cores": .int(Int64(max(cores, 1))),
            "num_sockets": 1,
            "cpu_frequency_khz": 0,
            "memory_capacity": .int(ResourceQuantity.bytes(capacity["memory"]?.stringValue ?? "")),
            "machine_id": .string(machine.machineID),
            "system_uuid": .string(machine.systemUUID),
            "boot_id": .string(machine.bootID),
            "filesystems": [],
            "disk_map": [:],
            "network_devices": [],
            "topology": [],
            "cloud_provider": "Unknown",
            "instance_type": "Unknown",
            "instance_id": "None",
        ]
    }
}
