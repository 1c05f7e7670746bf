import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// Nodes and pods for the placement suite, written as a Kubernetes user writes them.
enum PlacementObjects {
    /// A Node with allocatable cpu, memory and pod slots, labels (hostname included), taints,
    /// images and the unschedulable flag.
    static func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: Int = 110, zone: String? = nil,
        labels: [String: String] = [:], taints: [JSONValue] = [], images: [(String, Int64)] = [], unschedulable: Bool = false
    ) -> JSONValue {
        var allLabels = labels
        allLabels["kubernetes.io/hostname"] = name
        if let zone { allLabels["topology.kubernetes.io/zone"] = zone }
        let resources: JSONValue = ["cpu": .string(cpu), "memory": .string(memory), "pods": .string("\(pods)")]
        var node: JSONValue = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": .object(allLabels.mapValues(JSONValue.string))],
            "status": ["capacity": resources, "allocatable": resources],
        ]
        if !taints.isEmpty { node[path: "spec", "taints"] = .array(taints) }
        if unschedulable { node[path: "spec", "unschedulable"] = true }
        if !images.isEmpty {
            node[path: "status", "images"] = .array(images.map { ["names": [.string($0.0)], "sizeBytes": .int($0.1)] })
        }
        return node
    }

    /// A taint.
    static func taint(_ key: String, _ value: String, _ effect: String = "NoSchedule") -> JSONValue {
        ["key": .string(key), "value": .string(value), "effect": .string(effect)]
    }

    /// A Pod with one container requesting `cpu`/`memory`, with labels; `edit` changes anything else.
    static func pod(
        _ name: String, cpu: String? = nil, memory: String? = nil, labels: [String: String] = [:], image: String = "busybox",
        _ edit: (inout JSONValue) -> Void = { _ in }
    ) -> JSONValue {
        var container: JSONValue = ["name": "app", "image": .string(image)]
        var requests: [String: JSONValue] = [:]
        if let cpu { requests["cpu"] = .string(cpu) }
        if let memory { requests["memory"] = .string(memory) }
        if !requests.isEmpty { container["resources"] = ["requests": .object(requests)] }
        var pod: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name)], "spec": ["containers": [container]]]
        if !labels.isEmpty { pod.labels = labels }
        edit(&pod)
        return pod
    }

    /// Changes the pod's first container.
    static func editContainer(_ pod: inout JSONValue, _ edit: (inout JSONValue) -> Void) {
        var containers = pod[path: "spec", "containers"]?.arrayValue ?? []
        guard !containers.isEmpty else { return }
        edit(&containers[0])
        pod[path: "spec", "containers"] = .array(containers)
    }

    /// A label selector term `{matchLabels: labels}`.
    static func selector(_ labels: [String: String]) -> JSONValue {
        ["matchLabels": .object(labels.mapValues(JSONValue.string))]
    }

    /// A node selector requirement.
    static func requirement(_ key: String, _ op: String, _ values: [String] = []) -> JSONValue {
        var requirement: JSONValue = ["key": .string(key), "operator": .string(op)]
        if !values.isEmpty { requirement["values"] = .array(values.map(JSONValue.string)) }
        return requirement
    }
}
