import Kernel
import Synchronization

/// Hands out Service cluster IPs from the service CIDR, as Kubernetes' IP allocator does: the
/// network and broadcast addresses are never used and the first host address is kept for the
/// `kubernetes` Service (it can only be asked for explicitly). Thread-safe.
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
        state = Mutex(State(cursor: cidr.network.value + 2))
    }

    /// The reserved first host address (the `kubernetes` Service's).
    var reservedAddress: UInt32 { cidr.network.value + 1 }

    private var firstDynamic: UInt32 { cidr.network.value + 2 }
    private var lastUsable: UInt32 { cidr.last.value - 1 }

    /// Allocates the next free address.
    func allocate() throws -> String {
        let result: UInt32? = state.withLock { state in
            let span = UInt64(lastUsable - firstDynamic) + 1
            var candidate = state.cursor
            for _ in 0..<span {
                if candidate < firstDynamic || candidate > lastUsable { candidate = firstDynamic }
                if !state.allocated.contains(candidate) {
                    state.allocated.insert(candidate)
                    state.cursor = candidate == lastUsable ? firstDynamic : candidate + 1
                    return candidate
                }
                candidate = candidate == lastUsable ? firstDynamic : candidate + 1
            }
            return nil
        }
        guard let address = result else {
            throw APIError(code: 500, reason: "InternalError",
                           message: "Internal error occurred: failed to allocate a serviceIP: range is full")
        }
        return IPv4Address(address).description
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
