/// The active queue: a binary heap of pods ordered by the QueueSort plugin, with removal of any
/// pod through the position it keeps in `heapIndex`.
struct FrameworkActiveHeap {
    private var items: [FrameworkQueuedPod] = []
    /// Whether `a` goes before `b`.
    private let less: (FrameworkQueuedPod, FrameworkQueuedPod) -> Bool

    /// An empty heap ordered by `less`.
    init(less: @escaping (FrameworkQueuedPod, FrameworkQueuedPod) -> Bool) { self.less = less }

    /// How many pods are active.
    var count: Int { items.count }

    /// Adds a pod (not already in the heap).
    mutating func insert(_ pod: FrameworkQueuedPod) {
        pod.heapIndex = items.count
        items.append(pod)
        siftUp(items.count - 1)
    }

    /// Takes the first pod.
    mutating func popFirst() -> FrameworkQueuedPod? {
        guard !items.isEmpty else { return nil }
        return remove(at: 0)
    }

    /// Removes `pod` when it is in the heap.
    mutating func remove(_ pod: FrameworkQueuedPod) {
        let index = pod.heapIndex
        guard index >= 0, index < items.count, items[index] === pod else { return }
        _ = remove(at: index)
    }

    private mutating func remove(at index: Int) -> FrameworkQueuedPod {
        let removed = items[index]
        let last = items.removeLast()
        if index < items.count {
            items[index] = last
            last.heapIndex = index
            siftDown(index)
            siftUp(last.heapIndex)
        }
        removed.heapIndex = -1
        return removed
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(items[child], items[parent]) else { return }
            swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            var first = parent
            if less(items[left], items[first]) { first = left }
            if left + 1 < items.count, less(items[left + 1], items[first]) { first = left + 1 }
            if first == parent { return }
            swapAt(parent, first)
            parent = first
        }
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        items.swapAt(a, b)
        items[a].heapIndex = a
        items[b].heapIndex = b
    }
}
