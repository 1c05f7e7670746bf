import Foundation
import Kernel
import Testing

/// Finds the plugin libraries SwiftPM built (`swift build` puts every product in one folder) for
/// the scheduler and cloud-provider tests: $KEELSON_PLUGIN_DIR, the test executable's folder,
/// the test bundle's folder, then the repository's known build folders.
enum SchedulerCloudPlugins {
    /// The repository root, from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folders searched, in order.
    static var folders: [String] {
        var folders: [String] = []
        if let folder = ProcessInfo.processInfo.environment["KEELSON_PLUGIN_DIR"] { folders.append(folder) }
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append((executable as NSString).deletingLastPathComponent)
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        for scratch in [".build-sched", ".build"] {
            folders.append(repositoryRoot.appendingPathComponent("\(scratch)/debug").path)
        }
        return folders
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    /// The path of `lib<product>.so`.
    static func library(_ product: String) throws -> String {
        let file = "lib\(product).so"
        for folder in folders where FileManager.default.fileExists(atPath: folder + "/" + file) {
            return folder + "/" + file
        }
        throw Missing(description: "\(file) not found in \(folders); run `swift build --product \(product)` first")
    }

    /// Loads `lib<product>.so` through the kernel's loader.
    static func load(_ product: String) throws -> LoadedPlugin {
        try PluginLoader.load(file: try library(product)).get()
    }
}

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
