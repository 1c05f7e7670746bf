import Foundation

// The stats messages of CRI (runtime.v1): ContainerStats and ListContainerStats.

/// `ContainerStatsRequest`.
struct ContainerStatsRequest: Decodable, Sendable {
    var containerId = ""

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        containerId = try c.decodeIfPresent(String.self, forKey: .containerId) ?? ""
    }

    private enum CodingKeys: String, CodingKey { case containerId }
}

/// `ContainerStatsFilter`: every given field must match.
struct ContainerStatsFilter: Decodable, Sendable {
    var id: String?
    var podSandboxId: String?
    var labelSelector: [String: String]?
}

/// `ListContainerStatsRequest`.
struct ListContainerStatsRequest: Decodable, Sendable {
    var filter: ContainerStatsFilter?
}

/// `ContainerAttributes`: which container a stats record describes.
struct ContainerAttributes: Encodable, Sendable {
    var id: String
    var metadata: ContainerMetadata
    var labels: [String: String]
    var annotations: [String: String]
}

/// `CpuUsage`: cumulative CPU time and the current rate.
struct CpuUsage: Encodable, Sendable {
    var timestamp: ProtoInt64
    /// Cumulative CPU time since the container started, in nanoseconds.
    var usageCoreNanoSeconds: UInt64Value
    /// The average rate over the last sampling interval, in nanocores (1e9 = one core).
    var usageNanoCores: UInt64Value
}

/// `MemoryUsage`, in bytes.
struct MemoryUsage: Encodable, Sendable {
    var timestamp: ProtoInt64
    var workingSetBytes: UInt64Value
    var availableBytes: UInt64Value
    var usageBytes: UInt64Value
    var rssBytes: UInt64Value
    var pageFaults: UInt64Value
    var majorPageFaults: UInt64Value
}

/// `ContainerStats`: one container's usage. `writableLayer` is left out when unknown.
struct ContainerStats: Encodable, Sendable {
    var attributes: ContainerAttributes
    var cpu: CpuUsage
    var memory: MemoryUsage
    var writableLayer: FilesystemUsage?
}

/// `ContainerStatsResponse`.
struct ContainerStatsResponse: Encodable, Sendable {
    var stats: ContainerStats
}

/// `ListContainerStatsResponse`.
struct ListContainerStatsResponse: Encodable, Sendable {
    var stats: [ContainerStats]
}
