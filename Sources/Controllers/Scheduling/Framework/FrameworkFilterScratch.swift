/// The buffers of one filter pass, kept by the loop and reused across cycles so the hot path
/// allocates nothing per node: the chunk being filtered, the codes and reason indices a Filter
/// call writes, the feasible nodes, and per rejected node its code, reason list and plugin.
struct FrameworkFilterScratch {
    /// The nodes of the chunk still feasible.
    var chunk: [UInt32] = []
    /// A Filter call's codes.
    var codes: [UInt8] = []
    /// A Filter call's reason indices.
    var reasonIndices: [Int32] = []
    /// The feasible nodes found.
    var feasible: [UInt32] = []
    /// The rejected nodes.
    var rejectedNodes: [UInt32] = []
    /// Their codes.
    var rejectedCodes: [UInt8] = []
    /// Their reason lists (indices into `reasonTable`, -1: none).
    var rejectedReasons: [Int32] = []
    /// The rejecting plugin (index into the pass's plugin list).
    var rejectedPlugins: [Int32] = []
    /// The reason lists of the cycle's Filter calls.
    var reasonTable: [[String]] = []
    /// Per node index: the stamp of the cycle that marked it (set membership without hashing).
    var marks: [UInt32] = []
    /// The current stamp.
    var stamp: UInt32 = 0

    /// Empties the per-cycle buffers, keeping their capacity.
    mutating func reset() {
        feasible.removeAll(keepingCapacity: true)
        rejectedNodes.removeAll(keepingCapacity: true)
        rejectedCodes.removeAll(keepingCapacity: true)
        rejectedReasons.removeAll(keepingCapacity: true)
        rejectedPlugins.removeAll(keepingCapacity: true)
        reasonTable.removeAll(keepingCapacity: true)
    }

    /// Starts a new marking over `capacity` node indices.
    mutating func newMarking(capacity: Int) {
        if marks.count < capacity { marks.append(contentsOf: repeatElement(0, count: capacity - marks.count)) }
        stamp &+= 1
        if stamp == 0 {
            for index in marks.indices { marks[index] = 0 }
            stamp = 1
        }
    }

    /// Marks a node index.
    mutating func mark(_ index: UInt32) {
        if Int(index) < marks.count { marks[Int(index)] = stamp }
    }

    /// Whether the node index is marked in the current marking.
    func isMarked(_ index: UInt32) -> Bool { Int(index) < marks.count && marks[Int(index)] == stamp }
}
