/// Scores that a plugin works out from a node's `NodeRow` alone, remembered per node together
/// with the row's generation, for the last few pods' request vectors. A node whose row has not
/// changed since gets the score it had, without the arithmetic: between two pods of the same
/// shape only the node the first one went to has changed, so a cycle over thousands of nodes
/// computes one score and copies the rest. The scores are exactly those of a fresh computation
/// (what kube-scheduler's old equivalence cache did for predicates, kept exact by generations).
final class RowScoreMemo {
    /// The scores for one request vector.
    private final class Entry {
        let key: [Int64]
        /// By node index: the row generation each score was computed at (0: none yet).
        var generations: [UInt64] = []
        /// By node index: the score.
        var scores: [Int64] = []
        var lastUse: UInt64 = 0

        init(key: [Int64]) { self.key = key }
    }

    private var entries: [Entry] = []
    private var uses: UInt64 = 0
    /// How many request vectors are remembered (the least recently used one goes).
    private static let capacity = 4

    /// Creates an empty memo.
    init() {}

    /// Writes the score of each node of `nodes` for a pod whose requests are `key` into
    /// `scores` (same order), calling `score` only for nodes whose row changed since it was last
    /// scored for `key`. `score` must depend on the row and `key` alone.
    @inline(__always)
    func fill(_ nodes: NodeBatch, key: [Int64], into scores: UnsafeMutableBufferPointer<Int64>, score: (NodeRow) -> Int64) {
        let entry = self.entry(for: key, capacity: nodes.indexCapacity)
        entry.generations.withUnsafeMutableBufferPointer { generations in
            entry.scores.withUnsafeMutableBufferPointer { remembered in
                for position in nodes.indices {
                    let index = nodes.nodeIndex(position)
                    let generation = nodes.generation(atNodeIndex: index)
                    if generations[index] != generation {
                        remembered[index] = score(nodes.row(atNodeIndex: index))
                        generations[index] = generation
                    }
                    scores[position] = remembered[index]
                }
            }
        }
    }

    /// The entry of `key`, made (replacing the least recently used) when missing, with room for
    /// `capacity` node indices.
    private func entry(for key: [Int64], capacity: Int) -> Entry {
        uses += 1
        let entry: Entry
        if let found = entries.first(where: { $0.key == key }) {
            entry = found
        } else {
            entry = Entry(key: key)
            if entries.count < Self.capacity {
                entries.append(entry)
            } else if let oldest = entries.indices.min(by: { entries[$0].lastUse < entries[$1].lastUse }) {
                entries[oldest] = entry
            }
        }
        entry.lastUse = uses
        if entry.generations.count < capacity {
            let missing = capacity - entry.generations.count
            entry.generations.append(contentsOf: repeatElement(0, count: missing))
            entry.scores.append(contentsOf: repeatElement(0, count: missing))
        }
        return entry
    }
}
