/// Records in creation order. Sorts positions rather than the records themselves, so that a
/// list of large records is not copied back and forth while it is sorted.
extension Array {
    /// The elements ordered by `createdAt`, oldest first (stable for equal times).
    func oldestFirst(by createdAt: (Element) -> Int64) -> [Element] {
        let times = map(createdAt)
        return indices.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }.map { self[$0] }
    }
}
