import PluginSDK

/// Hands out addresses of one range to owners (node names, service uids), one address per owner,
/// stable for as long as the owner holds it. Not thread-safe: the host serializes calls into an
/// instance.
public final class AddressPool {
    /// The range addresses come from.
    public let range: IPv4Range
    private var byOwner: [String: UInt32] = [:]
    private var owners: [UInt32: String] = [:]

    /// A pool over `range`, every address free.
    public init(range: IPv4Range) {
        self.range = range
    }

    /// The address `owner` holds, if any.
    public func address(of owner: String) -> String? {
        byOwner[owner].map(IPv4Range.format)
    }

    /// Returns the address `owner` holds, or gives it one: `preferred` when that address is in
    /// the range and free, otherwise the first free address from `startIndex` on (wrapping).
    /// Throws `unavailable` when the range is exhausted.
    public func acquire(_ owner: String, preferred: String? = nil, startIndex: UInt32 = 0) throws -> String {
        if let held = byOwner[owner] { return IPv4Range.format(held) }
        if let preferred, let address = IPv4Range.parse(preferred), range.index(of: address) != nil, owners[address] == nil {
            return assign(address, to: owner)
        }
        let count = range.usableCount
        guard count > 0 else { throw PluginError.unavailable("address range \(describe()) has no usable address") }
        for step in 0..<count {
            let address = range.usable((startIndex % count + step) % count)
            if owners[address] == nil { return assign(address, to: owner) }
        }
        throw PluginError.unavailable("address range \(describe()) is exhausted (\(count) addresses in use)")
    }

    /// Returns `owner`'s address to the pool; nothing when it holds none.
    public func release(_ owner: String) {
        guard let address = byOwner.removeValue(forKey: owner) else { return }
        owners[address] = nil
    }

    private func assign(_ address: UInt32, to owner: String) -> String {
        byOwner[owner] = address
        owners[address] = owner
        return IPv4Range.format(address)
    }

    private func describe() -> String { range.cidr }
}
