/// The numbers of one node that the per-node loops of the busiest plugins read (NodeResourcesFit,
/// BalancedAllocation, TaintToleration, NodeUnschedulable): plain values, kept in one flat array
/// by the snapshot so a Filter or Score over thousands of nodes touches no dictionary and no
/// reference count. Everything here is derived from the node's `NodeInfo` on every change.
struct NodeRow {
    /// `spec.unschedulable`.
    var unschedulable = false
    /// Whether the node has a NoSchedule or NoExecute taint.
    var hasHardTaints = false
    /// Whether the node has a PreferNoSchedule taint.
    var hasPreferNoScheduleTaints = false
    /// Whether the node lists allocatable resources beyond cpu, memory, ephemeral-storage and
    /// pods, or its pods request such resources (then scalar checks read the `NodeInfo`).
    var hasScalarResources = false
    /// Allocatable cpu in millicores.
    var allocatableMilliCPU: Int64 = 0
    /// Allocatable memory in bytes.
    var allocatableMemory: Int64 = 0
    /// Allocatable ephemeral storage in bytes.
    var allocatableEphemeralStorage: Int64 = 0
    /// How many pods the node takes.
    var allowedPods: Int64 = 0
    /// 1 / allocatable cpu, memory and ephemeral storage (0 when there is none): scores divide
    /// by capacity with a multiplication and an exact integer correction.
    var inverseAllocatable: (milliCPU: Double, memory: Double, ephemeralStorage: Double) = (0, 0, 0)
    /// The pods' cpu requests in millicores.
    var requestedMilliCPU: Int64 = 0
    /// The pods' memory requests in bytes.
    var requestedMemory: Int64 = 0
    /// The pods' ephemeral storage requests in bytes.
    var requestedEphemeralStorage: Int64 = 0
    /// The pods' cpu requests with the non-zero default for containers without one.
    var nonZeroMilliCPU: Int64 = 0
    /// The pods' memory requests with the non-zero default for containers without one.
    var nonZeroMemory: Int64 = 0
    /// How many pods are bound or assumed here.
    var podCount: Int64 = 0

    /// An empty slot.
    init() {}

    /// What the node can allocate of `resource`, what its pods request of it (the non-zero
    /// requests for cpu and memory unless `useRequested`), and 1 / the allocatable amount.
    @inline(__always)
    func amounts(of resource: FixedResource, useRequested: Bool) -> (allocatable: Int64, requested: Int64, inverse: Double) {
        switch resource {
        case .cpu: (allocatableMilliCPU, useRequested ? requestedMilliCPU : nonZeroMilliCPU, inverseAllocatable.milliCPU)
        case .memory: (allocatableMemory, useRequested ? requestedMemory : nonZeroMemory, inverseAllocatable.memory)
        case .ephemeralStorage: (allocatableEphemeralStorage, requestedEphemeralStorage, inverseAllocatable.ephemeralStorage)
        }
    }
}

/// The resources a `NodeRow` holds for scoring.
enum FixedResource {
    case cpu, memory, ephemeralStorage
}
