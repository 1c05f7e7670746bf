/// The verdicts of one Filter call over a batch of nodes: a code per node, and per rejected node
/// the index of its reason list in a table of distinct reason lists, so that thousands of nodes
/// failing for the same reason share one entry (and cross the ABI as numbers).
struct FilterVerdicts {
    /// The code per node, in the batch's order (all `.success` at first).
    private(set) var codes: [FrameworkCode]
    /// The index into `reasonLists` per node (-1: none).
    private(set) var reasonIndices: [Int32]
    /// The distinct reason lists.
    private(set) var reasonLists: [[String]] = []
    private var indexOfList: [[String]: Int32] = [:]
    /// The list set last and its index: a run of nodes rejected for the same reasons (one
    /// status reused, whose array compares by identity first) needs no hashing.
    private var lastList: (reasons: [String], index: Int32)?

    /// Verdicts for `count` nodes, every one a success.
    init(count: Int) {
        codes = Array(repeating: .success, count: count)
        reasonIndices = Array(repeating: -1, count: count)
    }

    /// Records the status of the node at `position`.
    mutating func set(_ position: Int, _ status: FrameworkStatus) {
        codes[position] = status.code
        guard !status.reasons.isEmpty else {
            reasonIndices[position] = -1
            return
        }
        if let lastList, lastList.reasons == status.reasons {
            reasonIndices[position] = lastList.index
        } else if let known = indexOfList[status.reasons] {
            lastList = (status.reasons, known)
            reasonIndices[position] = known
        } else {
            let index = Int32(reasonLists.count)
            reasonLists.append(status.reasons)
            indexOfList[status.reasons] = index
            reasonIndices[position] = index
            lastList = (status.reasons, index)
        }
    }

    /// The status of the node at `position`.
    func status(at position: Int) -> FrameworkStatus {
        let index = reasonIndices[position]
        return FrameworkStatus(codes[position], index < 0 ? [] : reasonLists[Int(index)])
    }

    /// How many nodes there are verdicts for.
    var count: Int { codes.count }
}
