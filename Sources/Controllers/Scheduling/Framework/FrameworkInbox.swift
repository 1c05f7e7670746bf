import Foundation

/// The lock-protected mailbox between the informers (and binding tasks) and the scheduling
/// thread. Producers `post`; the thread `drain`s between cycles and sleeps in `wait(until:)`
/// when there is nothing to do.
final class FrameworkInbox: @unchecked Sendable {
    private let condition = NSCondition()
    private var inputs: [FrameworkInput] = []
    private var closed = false

    /// Creates an empty, open inbox.
    init() {}

    /// Adds an input and wakes the thread; refused (false) once closed.
    @discardableResult
    func post(_ input: FrameworkInput) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        inputs.append(input)
        condition.signal()
        return true
    }

    /// Closes the inbox: the thread's next `wait` returns at once and `isClosed` is true.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Whether `close()` was called.
    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    /// Takes every input posted so far, in order.
    func drain() -> [FrameworkInput] {
        condition.lock()
        defer { condition.unlock() }
        let taken = inputs
        inputs.removeAll(keepingCapacity: true)
        return taken
    }

    /// Sleeps until an input arrives, the inbox closes, or `deadline` passes.
    func wait(until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while inputs.isEmpty && !closed {
            if !condition.wait(until: deadline) { return }
        }
    }
}
