import Foundation
import Kernel
import Testing

/// Node and Pod objects for the scheduler tests, in the API's JSON shape.
enum SchedulerFixtures {
    static func node(
        _ name: String, cpu: String = "4", memory: String = "8Gi", pods: Int64 = 110, labels: [String: String] = [:],
        taints: [JSONValue] = [], unschedulable: Bool = false
    ) -> JSONValue {
        var node: JSONValue = [
            "apiVersion": "v1", "kind": "Node",
            "metadata": ["name": .string(name), "labels": .object(labels.mapValues(JSONValue.string))],
            "spec": [:],
            "status": [
                "capacity": ["cpu": .string(cpu), "memory": .string(memory), "pods": .int(pods)],
                "allocatable": ["cpu": .string(cpu), "memory": .string(memory), "pods": .string(String(pods))],
            ],
        ]
        if !taints.isEmpty { node[path: "spec", "taints"] = .array(taints) }
        if unschedulable { node[path: "spec", "unschedulable"] = true }
        return node
    }

    static func taint(_ key: String, _ value: String?, _ effect: String) -> JSONValue {
        var taint: JSONValue = ["key": .string(key), "effect": .string(effect)]
        if let value { taint["value"] = .string(value) }
        return taint
    }

    static func pod(
        _ name: String, cpu: String? = nil, memory: String? = nil, nodeName: String? = nil,
        nodeSelector: [String: String] = [:], tolerations: [JSONValue] = [], initCPU: String? = nil, phase: String = "Pending"
    ) -> JSONValue {
        var requests: [String: JSONValue] = [:]
        if let cpu { requests["cpu"] = .string(cpu) }
        if let memory { requests["memory"] = .string(memory) }
        var container: JSONValue = ["name": "app", "image": "busybox"]
        if !requests.isEmpty { container["resources"] = ["requests": .object(requests)] }
        var pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)")],
            "spec": ["containers": [container], "schedulerName": "default-scheduler"],
            "status": ["phase": .string(phase)],
        ]
        if let nodeName { pod[path: "spec", "nodeName"] = .string(nodeName) }
        if !nodeSelector.isEmpty { pod[path: "spec", "nodeSelector"] = .object(nodeSelector.mapValues(JSONValue.string)) }
        if !tolerations.isEmpty { pod[path: "spec", "tolerations"] = .array(tolerations) }
        if let initCPU {
            pod[path: "spec", "initContainers"] = [["name": "init", "image": "busybox", "resources": ["requests": ["cpu": .string(initCPU)]]]]
        }
        return pod
    }

    static func event(_ type: String, _ object: JSONValue) -> WatchEvent {
        WatchEvent(type: type, object: object, revision: object.resourceVersion ?? 1)
    }
}
