import Foundation

// Version, Status and UpdateRuntimeConfig messages (runtime.v1).

struct VersionRequest: Decodable {
    var version: String?
}

struct VersionResponse: Encodable {
    var version: String
    var runtimeName: String
    var runtimeVersion: String
    var runtimeApiVersion: String
}

struct StatusRequest: Decodable {
    var verbose: Bool?
}

struct RuntimeCondition: Encodable {
    var type: String
    var status: Bool
    var reason: String
    var message: String
}

struct RuntimeStatus: Encodable {
    var conditions: [RuntimeCondition]
}

struct RuntimeHandlerFeatures: Encodable {
    var recursiveReadOnlyMounts: Bool
    var userNamespaces: Bool
}

struct RuntimeHandler: Encodable {
    var name: String
    var features: RuntimeHandlerFeatures
}

struct RuntimeFeatures: Encodable {
    var supplementalGroupsPolicy: Bool
}

struct StatusResponse: Encodable {
    var status: RuntimeStatus
    var info: [String: String]
    var runtimeHandlers: [RuntimeHandler]
    var features: RuntimeFeatures
}

struct UpdateRuntimeConfigRequest: Decodable {
    struct NetworkConfig: Decodable { var podCidr: String? }
    struct RuntimeConfig: Decodable { var networkConfig: NetworkConfig? }
    var runtimeConfig: RuntimeConfig?
}

/// The empty response of the calls that return nothing.
struct EmptyResponse: Encodable {}
