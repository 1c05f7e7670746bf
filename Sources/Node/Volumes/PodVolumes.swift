import Foundation
import Kernel

/// The kubelet's volume manager for one node: before a pod's containers are created it sets up
/// each volume under `<root>/<pod uid>/volumes/<name>` (generated files written through a
/// temporary name and renamed, so a running container never reads half a file; files a source
/// no longer has are removed), and turns each container's `volumeMounts` into CRI mounts
/// (host path, container path, read-only; `subPath` below the volume). hostPath volumes mount
/// the host path itself. A pod's volumes are removed with the pod.
struct PodVolumes: Sendable {
    /// `KubeletOptions.podsRoot`.
    let root: String

    /// The pod's volume directory.
    func directory(podUID: String, volume: String) -> String {
        "\(root)/\(podUID)/volumes/\(volume)"
    }

    /// Sets up every volume of the pod; returns the host path of each by volume name.
    func setUp(_ pod: PodView, source: VolumeSource) async throws -> [String: String] {
        var paths: [String: String] = [:]
        for volume in pod.spec["volumes"]?.arrayValue ?? [] {
            guard let name = volume["name"]?.stringValue else { continue }
            if let hostPath = volume[path: "hostPath", "path"]?.stringValue {
                if ["DirectoryOrCreate", ""].contains(volume[path: "hostPath", "type"]?.stringValue ?? "") {
                    try? FileManager.default.createDirectory(atPath: hostPath, withIntermediateDirectories: true)
                }
                paths[name] = hostPath
                continue
            }
            let directory = directory(podUID: pod.uid, volume: name)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            do {
                if let files = try await source.files(of: volume) { try Self.write(files, into: directory) }
            } catch let failure as VolumeSource.Failure {
                throw VolumeSource.Failure(description: "MountVolume.SetUp failed for volume \"\(name)\" : \(failure.description)")
            }
            paths[name] = directory
        }
        return paths
    }

    /// The CRI mounts of a container's `volumeMounts`; a mount of an unknown volume fails.
    static func mounts(of container: ContainerSpec, volumes: [String: String]) throws -> [JSONValue] {
        try (container.json["volumeMounts"]?.arrayValue ?? []).map { mount in
            let name = mount["name"]?.stringValue ?? ""
            guard let host = volumes[name] else {
                throw VolumeSource.Failure(description: "container \(container.name): volumeMount \"\(name)\" names no volume of the pod")
            }
            let subPath = mount["subPath"]?.stringValue ?? ""
            return [
                "containerPath": .string(mount["mountPath"]?.stringValue ?? ""),
                "hostPath": .string(subPath.isEmpty ? host : "\(host)/\(subPath)"),
                "readonly": .bool(mount["readOnly"]?.boolValue ?? false),
            ]
        }
    }

    /// Removes a pod's volumes.
    func tearDown(podUID: String) {
        guard !podUID.isEmpty else { return }
        try? FileManager.default.removeItem(atPath: "\(root)/\(podUID)")
    }

    /// Writes `files` into `directory` (each through a temporary name and a rename) and removes
    /// the generated files it held before that are no longer wanted.
    static func write(_ files: [VolumeSource.File], into directory: String) throws {
        let manager = FileManager.default
        let manifest = "\(directory)/..files"
        let previous = ((try? String(contentsOfFile: manifest, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        for file in files {
            let path = "\(directory)/\(file.path)"
            try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let temporary = "\(path).tmp-\(UUID().uuidString.prefix(8))"
            guard manager.createFile(atPath: temporary, contents: file.data, attributes: [.posixPermissions: file.mode]) else {
                throw VolumeSource.Failure(description: "cannot write \(path)")
            }
            _ = rename(temporary, path)
        }
        let wanted = Set(files.map(\.path))
        for stale in previous where !wanted.contains(stale) { try? manager.removeItem(atPath: "\(directory)/\(stale)") }
        try files.map(\.path).joined(separator: "\n").write(toFile: manifest, atomically: true, encoding: .utf8)
    }
}
