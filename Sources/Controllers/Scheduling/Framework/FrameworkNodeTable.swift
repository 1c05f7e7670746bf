/// The host's dense numbering of Nodes (`uint32_t` node indices across the ABI): an index per
/// node name, reused only after the node was deleted, and the list of live indices in the order
/// the scheduler walks them.
struct FrameworkNodeTable {
    /// Index → node name (nil: free slot).
    private(set) var names: [String?] = []
    private var indexByName: [String: UInt32] = [:]
    private var freeIndices: [UInt32] = []
    /// The live node indices, in walking order.
    private(set) var live: [UInt32] = []
    private var livePosition: [Int] = []

    /// Creates an empty table.
    init() {}

    /// How many nodes exist.
    var count: Int { live.count }

    /// One more than the largest index ever handed out (the size of per-index scratch arrays).
    var capacity: Int { names.count }

    /// The index of `name`, if the node exists.
    func index(of name: String) -> UInt32? { indexByName[name] }

    /// The name of the node at `index`, nil when the slot is free.
    func name(at index: UInt32) -> String? {
        Int(index) < names.count ? names[Int(index)] : nil
    }

    /// The index of `name`, assigning one (a freed index first) when the node is new.
    mutating func add(_ name: String) -> (index: UInt32, isNew: Bool) {
        if let existing = indexByName[name] { return (existing, false) }
        let index: UInt32
        if let reused = freeIndices.popLast() {
            index = reused
            names[Int(index)] = name
        } else {
            index = UInt32(names.count)
            names.append(name)
            livePosition.append(-1)
        }
        indexByName[name] = index
        livePosition[Int(index)] = live.count
        live.append(index)
        return (index, true)
    }

    /// Frees the index of `name` (after the bundles saw the deletion); nil when unknown.
    @discardableResult
    mutating func remove(_ name: String) -> UInt32? {
        guard let index = indexByName.removeValue(forKey: name) else { return nil }
        let position = livePosition[Int(index)]
        let last = live.removeLast()
        if last != index {
            live[position] = last
            livePosition[Int(last)] = position
        }
        livePosition[Int(index)] = -1
        names[Int(index)] = nil
        freeIndices.append(index)
        return index
    }
}
