import Foundation
import PluginSDK

/// Hands out addresses from range sets, as the real host-local does: round-robin from just
/// after the last address reserved in the set, skipping taken ones; a requested address is
/// reserved as asked or refused.
enum Allocator {
    /// Plugin-specific error codes (the spec reserves 100 and up for plugins).
    static let noAddressesAvailable = 100
    static let duplicateAllocation = 101
    static let requestedAddressUnavailable = 102
    static let allocationMismatch = 103

    /// Allocates one address per range set for the attachment; undoes what it did on failure.
    static func allocate(
        _ config: NetworkConfig, containerID: String, ifname: String, store: AllocationStore
    ) throws(CNIPluginError) -> [(address: IPv4, range: AddressRange)] {
        let existing = try store.allocations()
        let taken = Set(existing.map(\.address))
        for requested in config.requestedIPs where !config.rangeSets.contains(where: { set in set.contains { $0.allocatable(requested) } }) {
            throw CNIPluginError(code: requestedAddressUnavailable, msg: "requested IP address \(requested) is not in any range")
        }
        var done: [(address: IPv4, range: AddressRange)] = []
        do throws(CNIPluginError) {
            for (index, set) in config.rangeSets.enumerated() {
                if let held = existing.first(where: { a in
                    a.containerID == containerID && a.ifname == ifname && set.contains { $0.subnet.contains(a.address) }
                }) {
                    throw CNIPluginError(
                        code: duplicateAllocation,
                        msg: "\(held.address) has been allocated to \(containerID), duplicate allocation is not allowed")
                }
                done.append(try allocate(in: set, index: index, config: config, taken: taken,
                                         containerID: containerID, ifname: ifname, store: store))
            }
        } catch {
            for item in done { try? store.release(item.address) }
            throw error
        }
        return done
    }

    private static func allocate(
        in set: [AddressRange], index: Int, config: NetworkConfig, taken: Set<IPv4>,
        containerID: String, ifname: String, store: AllocationStore
    ) throws(CNIPluginError) -> (address: IPv4, range: AddressRange) {
        if let requested = config.requestedIPs.first(where: { ip in set.contains { $0.allocatable(ip) } }),
           let range = set.first(where: { $0.allocatable(requested) }) {
            guard !taken.contains(requested), try store.reserve(requested, containerID: containerID, ifname: ifname) else {
                throw CNIPluginError(code: requestedAddressUnavailable,
                                     msg: "requested IP address \(requested) is not available in range set \(describe(set))")
            }
            return (requested, range)
        }
        // Candidates in range order, starting just after the last reserved address.
        let last = store.lastReserved(set: index)
        var rangeIndex = 0
        var next = set[0].start
        if let last, let found = set.firstIndex(where: { $0.start <= last && last <= $0.end }) {
            rangeIndex = found
            next = last
            advance(&next, &rangeIndex, in: set)
        }
        let total = set.reduce(0) { $0 + Int($1.end.value - $1.start.value) + 1 }
        for _ in 0..<total {
            let range = set[rangeIndex]
            let candidate = next
            advance(&next, &rangeIndex, in: set)
            guard range.allocatable(candidate), !taken.contains(candidate) else { continue }
            if try store.reserve(candidate, containerID: containerID, ifname: ifname) {
                store.setLastReserved(candidate, set: index)
                return (candidate, range)
            }
        }
        throw CNIPluginError(code: noAddressesAvailable, msg: "no IP addresses available in range set: \(describe(set))")
    }

    /// Steps to the next address of the set, wrapping to the first range after the last.
    private static func advance(_ address: inout IPv4, _ rangeIndex: inout Int, in set: [AddressRange]) {
        if address < set[rangeIndex].end {
            address = IPv4(address.value + 1)
        } else {
            rangeIndex = (rangeIndex + 1) % set.count
            address = set[rangeIndex].start
        }
    }

    /// How many more addresses each range set can hand out.
    static func free(_ config: NetworkConfig, allocations: [AllocationStore.Allocation]) -> [Int] {
        config.rangeSets.map { set in
            let used = allocations.filter { a in set.contains { $0.allocatable(a.address) } }.count
            return set.reduce(0) { $0 + $1.capacity } - used
        }
    }

    static func describe(_ set: [AddressRange]) -> String {
        set.map { "\($0.start)-\($0.end)" }.joined(separator: ",")
    }
}
