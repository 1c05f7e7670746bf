import Kernel
import Synchronization

/// Hands out Service cluster IPs from the service CIDR, as Kubernetes' IP allocator does: the
/// network and broadcast addresses are never used and the first host address is kept for the
/// `kubernetes` Service (it can only be asked for explicitly). Like Kubernetes' static subrange
/// (KEP-3070), dynamic allocation takes addresses from above the lower band of
/// min(max(16, size/16), 256) addresses first and falls back to the band only when the rest is
/// full, so well-known addresses such as the cluster DNS's 10th one stay free for explicit
/// requests. Thread-safe.
final class ServiceIPAllocator: Sendable {
    /// The range addresses come from.
    let cidr: IPv4CIDR

    private struct State {
        var allocated: Set<UInt32> = []
        /// Where the next search for a free address starts, so freed addresses are not handed
        /// out again right away.
        var cursor: UInt32
    }

    private let state: Mutex<State>

    /// Creates an allocator; fails for a network too small to hold one allocatable address.
    init(cidr: IPv4CIDR) throws {
        guard cidr.prefixLength <= 29 else {
            throw APIError.internalError("service CIDR \(cidr) is too small; use a /29 or larger")
        }
        self.cidr = cidr
        let size = Int(cidr.last.value - cidr.network.value) - 1
        staticBand = UInt32(min(max(16, size / 16), 256))
        state = Mutex(State(cursor: cidr.network.value + 1 + staticBand))
    }

    /// How many addresses at the bottom of the range dynamic allocation uses only as a last resort.
    let staticBand: UInt32

    /// The reserved first host address (the `kubernetes` Service's).
    var reservedAddress: UInt32 { cidr.network.value + 1 }

    private var firstDynamic: UInt32 { cidr.network.value + 2 }
    private var lastUsable: UInt32 { cidr.last.value - 1 }

    /// Allocates the next free address: above the static band first, then inside it.
    func allocate() throws -> String {
        let upperStart = min(cidr.network.value + 1 + staticBand, lastUsable)
        let result: UInt32? = state.withLock { state in
            if let found = Self.firstFree(in: upperStart...lastUsable, from: state.cursor, allocated: state.allocated) {
                state.allocated.insert(found)
                state.cursor = found == lastUsable ? upperStart : found + 1
                return found
            }
            guard upperStart > firstDynamic,
                  let found = Self.firstFree(in: firstDynamic...(upperStart - 1), from: firstDynamic, allocated: state.allocated)
            else { return nil }
            state.allocated.insert(found)
            return found
        }
        guard let address = result else {
            throw APIError(code: 500, reason: "InternalError",
                           message: "Internal error occurred: failed to allocate a serviceIP: range is full")
        }
        return IPv4Address(address).description
    }

    /// The first free address of `range`, searching from `start` and wrapping around once.
    private static func firstFree(in range: ClosedRange<UInt32>, from start: UInt32, allocated: Set<UInt32>) -> UInt32? {
        var candidate = range.contains(start) ? start : range.lowerBound
        for _ in 0..<(UInt64(range.upperBound - range.lowerBound) + 1) {
            if !allocated.contains(candidate) { return candidate }
            candidate = candidate == range.upperBound ? range.lowerBound : candidate + 1
        }
        return nil
    }

    /// Claims a specific address a client asked for. Returns a field message when it cannot be
    /// had ("provided IP is already allocated"), nil on success.
    func claim(_ text: String) -> String? {
        guard let parsed = IPv4Address(text) else {
            return "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"
        }
        let address = parsed.value
        guard cidr.contains(parsed), parsed != cidr.network, parsed != cidr.last else {
            return "provided IP is not in the valid range. The range of valid IPs is \(cidr)"
        }
        let inserted = state.withLock { $0.allocated.insert(address).inserted }
        return inserted ? nil : "provided IP is already allocated"
    }

    /// Marks an address as used without checks (rebuilding state from stored Services).
    func restore(_ text: String) {
        guard let parsed = IPv4Address(text), cidr.contains(parsed) else { return }
        let address = parsed.value
        _ = state.withLock { $0.allocated.insert(address) }
    }

    /// Frees an address (a deleted Service's, or one whose create failed).
    func release(_ text: String) {
        guard let address = IPv4Address(text)?.value else { return }
        _ = state.withLock { $0.allocated.remove(address) }
    }

    /// Whether an address is currently allocated.
    func isAllocated(_ text: String) -> Bool {
        guard let address = IPv4Address(text)?.value else { return false }
        return state.withLock { $0.allocated.contains(address) }
    }
}
