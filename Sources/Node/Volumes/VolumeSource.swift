import Foundation
import Kernel

/// The files one pod volume holds, worked out from its source: configMap, secret, downwardAPI
/// and projected volumes (their sources, in order, into one directory); emptyDir and hostPath
/// hold no generated files. A missing ConfigMap or Secret that is not `optional` fails the
/// volume, as the kubelet's MountVolume.SetUp does.
struct VolumeSource {
    /// One generated file: its path inside the volume, bytes and mode.
    struct File: Equatable {
        var path: String
        var data: Data
        var mode: Int
    }

    /// Why a volume could not be set up (the FailedMount Event's message).
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let pod: PodView
    let objects: any EnvironmentObjects
    let tokens: ServiceAccountTokenIssuer?

    /// The files of `volume`; nil for emptyDir, hostPath and the kinds with no files to write.
    func files(of volume: JSONValue) async throws -> [File]? {
        let defaultMode = Int(volume[path: "projected", "defaultMode"]?.intValue ?? 0o644)
        if let source = volume["configMap"], source.objectValue != nil {
            return try await configMap(source, mode: Int(source["defaultMode"]?.intValue ?? 0o644))
        }
        if let source = volume["secret"], source.objectValue != nil {
            return try await secret(source, name: source["secretName"]?.stringValue ?? "", mode: Int(source["defaultMode"]?.intValue ?? 0o644))
        }
        if let source = volume["downwardAPI"], source.objectValue != nil {
            return try downward(source, mode: Int(source["defaultMode"]?.intValue ?? 0o644))
        }
        if let projected = volume["projected"], projected.objectValue != nil {
            var files: [File] = []
            for source in projected["sources"]?.arrayValue ?? [] {
                if let token = source["serviceAccountToken"], token.objectValue != nil {
                    files.append(try await serviceAccountToken(token, mode: defaultMode))
                } else if let configMap = source["configMap"], configMap.objectValue != nil {
                    files += try await self.configMap(configMap, mode: defaultMode)
                } else if let secret = source["secret"], secret.objectValue != nil {
                    files += try await self.secret(secret, name: secret["name"]?.stringValue ?? "", mode: defaultMode)
                } else if let downward = source["downwardAPI"], downward.objectValue != nil {
                    files += try self.downward(downward, mode: defaultMode)
                }
            }
            return files
        }
        return nil
    }

    private func configMap(_ source: JSONValue, mode: Int) async throws -> [File] {
        let name = source["name"]?.stringValue ?? ""
        guard let data = try await objects.configMapData(namespace: pod.namespace, name: name) else {
            if source["optional"]?.boolValue == true { return [] }
            throw Failure(description: "configmap \"\(name)\" not found")
        }
        return try select(data.mapValues { Data($0.utf8) }, items: source["items"], mode: mode, what: "configmap \"\(name)\"")
    }

    private func secret(_ source: JSONValue, name: String, mode: Int) async throws -> [File] {
        guard let data = try await objects.secretData(namespace: pod.namespace, name: name) else {
            if source["optional"]?.boolValue == true { return [] }
            throw Failure(description: "secret \"\(name)\" not found")
        }
        return try select(data.mapValues { Data($0.utf8) }, items: source["items"], mode: mode, what: "secret \"\(name)\"")
    }

    /// Every key as a file of its name, or only the listed items at their paths.
    private func select(_ data: [String: Data], items: JSONValue?, mode: Int, what: String) throws -> [File] {
        guard let items = items?.arrayValue, !items.isEmpty else {
            return data.keys.sorted().map { File(path: $0, data: data[$0]!, mode: mode) }
        }
        return try items.map { item in
            let key = item["key"]?.stringValue ?? ""
            guard let value = data[key] else { throw Failure(description: "\(what) has no key \"\(key)\"") }
            return File(path: item["path"]?.stringValue ?? key, data: value, mode: Int(item["mode"]?.intValue ?? Int64(mode)))
        }
    }

    /// Pod fields by `fieldRef.fieldPath`: metadata.name, namespace, uid, labels, annotations.
    private func downward(_ source: JSONValue, mode: Int) throws -> [File] {
        try (source["items"]?.arrayValue ?? []).map { item in
            let path = item["path"]?.stringValue ?? ""
            let field = item[path: "fieldRef", "fieldPath"]?.stringValue ?? ""
            let text: String
            switch field {
            case "metadata.name": text = pod.name
            case "metadata.namespace": text = pod.namespace
            case "metadata.uid": text = pod.uid
            case "metadata.labels", "metadata.annotations":
                let map = (pod.pod[path: "metadata", field == "metadata.labels" ? "labels" : "annotations"]?.objectValue ?? [:])
                    .compactMapValues(\.stringValue)
                text = map.keys.sorted().map { "\($0)=\"\(map[$0]!)\"" }.joined(separator: "\n")
            default:
                throw Failure(description: "downwardAPI item \"\(path)\": field \"\(field)\" is not supported")
            }
            return File(path: path, data: Data(text.utf8), mode: Int(item["mode"]?.intValue ?? Int64(mode)))
        }
    }

    private func serviceAccountToken(_ source: JSONValue, mode: Int) async throws -> File {
        guard let tokens else { throw Failure(description: "this node cannot request ServiceAccount tokens") }
        let request = ServiceAccountTokenIssuer.Request(
            namespace: pod.namespace, serviceAccount: pod.spec["serviceAccountName"]?.stringValue ?? "default",
            audiences: source["audience"]?.stringValue.map { [$0] } ?? [],
            expirationSeconds: source["expirationSeconds"]?.intValue ?? 3600, podName: pod.name, podUID: pod.uid)
        do {
            let token = try await tokens.issue(request)
            return File(path: source["path"]?.stringValue ?? "token", data: Data(token.utf8), mode: mode)
        } catch {
            throw Failure(description: "failed to fetch token: \(error)")
        }
    }
}
