import Foundation
import Kernel

/// Where the kubelet reads the ConfigMaps and Secrets a container's environment refers to.
/// `nil` means the object does not exist; other failures throw.
protocol EnvironmentObjects: Sendable {
    /// A ConfigMap's `data`, or nil when there is no such ConfigMap.
    func configMapData(namespace: String, name: String) async throws -> [String: String]?
    /// A Secret's `data`, base64-decoded, or nil when there is no such Secret.
    func secretData(namespace: String, name: String) async throws -> [String: String]?
}

/// ConfigMaps and Secrets read through the kubelet's API client.
struct APIEnvironmentObjects: EnvironmentObjects {
    let client: any ObjectClient

    func configMapData(namespace: String, name: String) async throws -> [String: String]? {
        guard let object = try await read(.configMaps, namespace: namespace, name: name) else { return nil }
        return (object["data"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    func secretData(namespace: String, name: String) async throws -> [String: String]? {
        guard let object = try await read(.secrets, namespace: namespace, name: name) else { return nil }
        return (object["data"]?.objectValue ?? [:]).compactMapValues { $0.stringValue.map(Self.decode) }
    }

    /// A Secret value as the container sees it: the bytes behind the base64 text.
    static func decode(_ text: String) -> String {
        guard let data = Data(base64Encoded: text) else { return text }
        return String(decoding: data, as: UTF8.self)
    }

    private func read(_ type: ResourceType, namespace: String, name: String) async throws -> JSONValue? {
        do {
            return try await client.get(type, namespace: namespace, name: name)
        } catch let error as APIError where error.reason == "NotFound" {
            return nil
        }
    }
}
