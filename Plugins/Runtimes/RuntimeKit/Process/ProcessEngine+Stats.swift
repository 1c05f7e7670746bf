import Foundation
import PluginSDK

extension ProcessEngine {
    /// ContainerStats of one container (NOT_FOUND for an unknown ID).
    func containerStats(_ request: ContainerStatsRequest) throws -> ContainerStatsResponse {
        let id = try withState { state, _ in try state.containerID(request.containerId) }
        guard let stats = try sample([id]).first else {
            throw PluginError.notFound("an error occurred when try to find container \"\(request.containerId)\": not found")
        }
        return ContainerStatsResponse(stats: stats)
    }

    /// ListContainerStats, filtered by ID prefix, sandbox and labels.
    func listContainerStats(_ request: ListContainerStatsRequest) throws -> ListContainerStatsResponse {
        let ids = try withState { state, _ in state.containers(matching: request.filter).map(\.id) }
        return ListContainerStatsResponse(stats: try sample(ids))
    }

    /// Reads /proc for the running ones among `ids` (outside the lock), then builds their
    /// stats: cumulative CPU, the rate since the previous sample, and memory. Containers that
    /// are not running report zero usage.
    private func sample(_ ids: [String]) throws -> [ContainerStats] {
        let groups = try withState { state, _ in
            ids.compactMap { id in state.containers[id].map { (id, $0.process?.pid) } }
        }
        let usages = groups.map { id, pgid in (id, pgid.map { ProcessGroupUsage.read(pgid: $0) }) }
        return try withState { state, now in
            usages.compactMap { id, usage -> ContainerStats? in
                guard var record = state.containers[id] else { return nil }
                var nanoCores: UInt64 = 0
                var cpu = record.lastCPU?.usage ?? 0
                if let usage {
                    cpu = max(usage.cpuNanoseconds, record.lastCPU?.usage ?? 0)
                    if let last = record.lastCPU, now > last.time {
                        let delta = Double(cpu - last.usage) / Double(now - last.time)
                        nanoCores = UInt64(delta * 1e9)
                    }
                    record.lastCPU = (now, cpu)
                    state.containers[id] = record
                }
                let memory = usage ?? ProcessGroupUsage()
                return ContainerStats(
                    attributes: ContainerAttributes(id: id, metadata: record.metadata, labels: record.labels,
                                                    annotations: record.annotations),
                    cpu: CpuUsage(timestamp: ProtoInt64(now), usageCoreNanoSeconds: UInt64Value(cpu),
                                  usageNanoCores: UInt64Value(nanoCores)),
                    memory: MemoryUsage(
                        timestamp: ProtoInt64(now), workingSetBytes: UInt64Value(memory.rssBytes),
                        availableBytes: UInt64Value(0), usageBytes: UInt64Value(memory.rssBytes),
                        rssBytes: UInt64Value(memory.rssBytes), pageFaults: UInt64Value(memory.pageFaults),
                        majorPageFaults: UInt64Value(memory.majorPageFaults)),
                    writableLayer: nil)
            }
        }
    }
}
