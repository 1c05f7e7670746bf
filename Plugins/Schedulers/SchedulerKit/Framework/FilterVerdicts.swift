/// The verdicts of one Filter call over a batch of nodes: a code per node, and per rejected node
/// the index of its reason list in a table of distinct reason lists, so that thousands of nodes
/// failing for the same reason share one entry (and cross the ABI as numbers). Only the nodes
/// that did not pass are recorded: every other node is a success.
struct FilterVerdicts {
    /// One node that did not pass.
    struct Entry {
        /// Its position in the batch.
        var position: Int
        /// Its code.
        var code: FrameworkCode
        /// The index into `reasonLists` (-1: none).
        var reasonIndex: Int32
    }

    /// How many nodes there are verdicts for.
    let count: Int
    /// The nodes that did not pass, in the order they were set; a position set again gets a
    /// later entry, which wins when the entries are applied in order.
    private(set) var entries: [Entry] = []
    /// The distinct reason lists.
    private(set) var reasonLists: [[String]] = []
    private var indexOfList: [[String]: Int32] = [:]
    /// The list set last and its index: a run of nodes rejected for the same reasons (one
    /// status reused, whose array compares by identity first) needs no hashing.
    private var lastList: (reasons: [String], index: Int32)?

    /// Verdicts for `count` nodes, every one a success.
    init(count: Int) {
        self.count = count
    }

    /// Records the status of the node at `position`.
    mutating func set(_ position: Int, _ status: FrameworkStatus) {
        precondition(position >= 0 && position < count, "filter verdict for position \(position) of \(count)")
        let entry = Entry(position: position, code: status.code, reasonIndex: reasonIndex(of: status.reasons))
        // A plain success needs no entry unless it may replace an earlier one.
        if status.code == .success && entry.reasonIndex < 0 && entries.isEmpty { return }
        entries.append(entry)
    }

    /// The index of `reasons` in `reasonLists` (added when new; -1 for none).
    private mutating func reasonIndex(of reasons: [String]) -> Int32 {
        guard !reasons.isEmpty else { return -1 }
        if let lastList, lastList.reasons == reasons { return lastList.index }
        let index: Int32
        if let known = indexOfList[reasons] {
            index = known
        } else {
            index = Int32(reasonLists.count)
            reasonLists.append(reasons)
            indexOfList[reasons] = index
        }
        lastList = (reasons, index)
        return index
    }

    /// The status of the node at `position`.
    func status(at position: Int) -> FrameworkStatus {
        guard let entry = entries.last(where: { $0.position == position }) else { return .success }
        return FrameworkStatus(entry.code, entry.reasonIndex < 0 ? [] : reasonLists[Int(entry.reasonIndex)])
    }
}
