import Foundation
import PluginSDK

extension RuntimeEngine {
    /// The stats of one container (by ID or unique prefix); unknown: NOT_FOUND.
    func containerStats(_ request: ContainerStatsRequest) throws -> ContainerStatsResponse {
        try withState { state, now in
            let id = try state.containerID(request.containerId)
            guard let record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            return ContainerStatsResponse(stats: stats(of: record, at: now))
        }
    }

    /// Stats of every container (created, running or exited) the filter matches: `id` (or a
    /// prefix), `podSandboxId` (or a prefix) and every pair of `labelSelector`.
    func listContainerStats(_ request: ListContainerStatsRequest) throws -> ListContainerStatsResponse {
        try withState { state, now in
            ListContainerStatsResponse(stats: state.containers(matching: request.filter).map { stats(of: $0, at: now) })
        }
    }

    /// One container's usage at `now`: while running, CPU at its rate and a working set that
    /// grows; once exited, the CPU time it used and no memory; before it starts, nothing.
    func stats(of record: FakeContainerRecord, at now: Int64) -> ContainerStats {
        let running = record.state == .CONTAINER_RUNNING
        let elapsed: Int64 = switch record.state {
        case .CONTAINER_RUNNING: now - record.startedAt
        case .CONTAINER_EXITED: record.finishedAt - record.startedAt
        default: 0
        }
        let workingSet = running ? record.usage.workingSet(after: elapsed) : 0
        let limit = record.usage.memoryLimit
        let layer = record.fs.writableLayer
        let stamp = ProtoInt64(now)
        return ContainerStats(
            attributes: ContainerAttributes(id: record.id, metadata: record.metadata, labels: record.labels,
                                            annotations: record.annotations),
            cpu: CpuUsage(timestamp: stamp, usageCoreNanoSeconds: UInt64Value(record.usage.cpuTime(after: elapsed)),
                          usageNanoCores: UInt64Value(running ? record.usage.cpuNanoCores : 0)),
            memory: MemoryUsage(
                timestamp: stamp, workingSetBytes: UInt64Value(workingSet),
                availableBytes: UInt64Value(limit > workingSet ? limit - workingSet : 0),
                usageBytes: UInt64Value(workingSet), rssBytes: UInt64Value(workingSet * 9 / 10),
                pageFaults: UInt64Value(0), majorPageFaults: UInt64Value(0)),
            writableLayer: FilesystemUsage(
                timestamp: stamp, fsId: FilesystemIdentifier(mountpoint: flavor.imageFsMountpoint),
                usedBytes: UInt64Value(layer.bytes), inodesUsed: UInt64Value(layer.inodes)))
    }
}
