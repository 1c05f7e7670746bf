/// The nodes one batched Filter, PreScore or Score call covers, in the host's order: a
/// collection of `NodeInfo` for plugins that look at labels, pods or images, and the flat
/// `NodeRow`s for the per-node loops that only need numbers. It reads the host's index buffer
/// and the snapshot's tables in place, so it is valid only during the call that receives it.
struct NodeBatch: RandomAccessCollection {
    /// The snapshot's node index of each position.
    let nodeIndices: UnsafeBufferPointer<UInt32>
    private let slots: UnsafeBufferPointer<NodeInfo?>
    private let rowTable: UnsafeBufferPointer<NodeRow>
    private let generationTable: UnsafeBufferPointer<UInt64>

    /// The first position.
    var startIndex: Int { 0 }
    /// One past the last position.
    var endIndex: Int { nodeIndices.count }

    /// The node at `position` (every index of a batch names a node of the snapshot).
    subscript(position: Int) -> NodeInfo { slots[Int(nodeIndices[position])]! }

    /// The hot numbers of the node at `position`.
    @inline(__always)
    func row(_ position: Int) -> NodeRow { rowTable[Int(nodeIndices[position])] }

    /// The snapshot's node index at `position`.
    @inline(__always)
    func nodeIndex(_ position: Int) -> Int { Int(nodeIndices[position]) }

    /// The row of the node with snapshot index `index` (`nodeIndex(_:)`).
    @inline(__always)
    func row(atNodeIndex index: Int) -> NodeRow { rowTable[index] }

    /// When the row of the node with snapshot index `index` last changed (`Snapshot.rowGenerations`).
    @inline(__always)
    func generation(atNodeIndex index: Int) -> UInt64 { generationTable[index] }

    /// How many node indices the snapshot has (holes included): every `nodeIndex(_:)` is below it.
    var indexCapacity: Int { rowTable.count }

    fileprivate init(
        indices: UnsafeBufferPointer<UInt32>, slots: UnsafeBufferPointer<NodeInfo?>, rows: UnsafeBufferPointer<NodeRow>,
        generations: UnsafeBufferPointer<UInt64>
    ) {
        nodeIndices = indices
        self.slots = slots
        self.rowTable = rows
        generationTable = generations
    }
}

extension Snapshot {
    /// Calls `body` with the batch of the nodes at `indices`, every one of which must be a node
    /// of this snapshot (`holdsAll(_:)`).
    func withBatch<Result>(_ indices: UnsafeBufferPointer<UInt32>, _ body: (NodeBatch) throws -> Result) rethrows -> Result {
        try slots.withUnsafeBufferPointer { slots in
            try rows.withUnsafeBufferPointer { rows in
                try rowGenerations.withUnsafeBufferPointer { generations in
                    try body(NodeBatch(indices: indices, slots: slots, rows: rows, generations: generations))
                }
            }
        }
    }

    /// Whether every index names a node of this snapshot.
    func holdsAll(_ indices: UnsafeBufferPointer<UInt32>) -> Bool {
        // Without holes every index below the table's size is a node: one (vectorized) maximum.
        if indexByName.count == presence.count {
            // A plain loop: the compiler vectorizes it, which it does not do for `max()`.
            var highest: UInt32 = 0
            for index in indices { highest = Swift.max(highest, index) }
            return indices.isEmpty || Int(highest) < presence.count
        }
        return presence.withUnsafeBufferPointer { presence in
            for index in indices where Int(index) >= presence.count || !presence[Int(index)] { return false }
            return true
        }
    }
}
