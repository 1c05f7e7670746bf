import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a lookup in the cluster's records found.
struct ZoneAnswer: Equatable {
    /// How the lookup ended.
    enum Outcome: Equatable {
        /// Records of the asked type (possibly after CNAMEs) are in `answers`.
        case found
        /// The name exists but has no record of that type (NOERROR, empty answer).
        case noData
        /// The name does not exist (NXDOMAIN).
        case nameError
        /// The name is neither in the zone nor a reverse name the add-on knows: not ours to answer.
        case notInZone
    }

    var outcome: Outcome
    var answers: [ResourceRecord] = []
    var authority: [ResourceRecord] = []
    var additional: [ResourceRecord] = []
}

/// The cluster zone's records, built from the Services and EndpointSlices the watches deliver and
/// indexed by owner name. Every change replaces the records of one Service, so an event costs
/// the size of that Service, not of the zone. Safe to use from any thread: the serving thread
/// looks names up while host calls apply events.
final class ClusterRecords: Sendable {
    /// The cluster domain, "cluster.local".
    let zone: DNSName
    /// The TTL of every record, and the SOA minimum (the negative-caching TTL).
    let ttl: UInt32
    /// The schema version served as the `dns-version` TXT record.
    static let schemaVersion = "1.1.0"
    /// The most CNAMEs followed inside the zone for one question.
    static let maxCNAMEChain = 8

    private let state: Mutex<State>
    /// The pod records (`a-b-c-d.<ns>.pod.<zone>`), served as configured.
    let pods: PodRecords

    /// Creates the record set of `zone` with its fixed records: `dns-version` TXT, the apex
    /// NS pointing at `ns.dns.<zone>` and, when `nameserver` is given, that name's address.
    init(zone: DNSName, ttl: UInt32, nameserver: IPAddress?, pods: PodRecords.Mode = .disabled) {
        self.zone = zone
        self.ttl = ttl
        self.pods = PodRecords(mode: pods, zone: zone, ttl: ttl)
        var fixed: [ResourceRecord] = []
        let nsName = zone.prepending(labels: [Array("ns".utf8), Array("dns".utf8)])
        if let version = zone.prepending("dns-version") {
            fixed.append(ResourceRecord(name: version, ttl: ttl, data: .txt([Array(Self.schemaVersion.utf8)])))
        }
        if let nsName {
            fixed.append(ResourceRecord(name: zone, ttl: ttl, data: .ns(nsName)))
            if let nameserver { fixed.append(ResourceRecord(name: nsName, ttl: ttl, data: nameserver.recordData)) }
        }
        var initial = State(zone: zone, serial: UInt32(truncatingIfNeeded: time(nil)))
        initial.replace(State.zoneKey, with: fixed)
        // `svc.<zone>` always exists (an empty non-terminal), as in every cluster.
        if let svc = zone.prepending("svc") { initial.interiorNames[svc, default: 0] += 1 }
        state = Mutex(initial)
    }

    /// The SOA serial: bumped by every change.
    var serial: UInt32 { state.withLock { $0.serial } }

    /// Applies one watch event of a Service ("ADDED", "MODIFIED", "DELETED"; others ignored).
    func apply(_ type: String, service: ServiceView) {
        guard let key = service.key else { return }
        state.withLock { state in
            switch type {
            case "ADDED", "MODIFIED": state.services[key] = service
            case "DELETED": state.services[key] = nil
            default: return
            }
            state.rebuild(key, ttl: ttl)
        }
    }

    /// Applies one watch event of an EndpointSlice: the slice joins, replaces or leaves the
    /// endpoints of the Service its `kubernetes.io/service-name` label names (a slice without
    /// that label belongs to no Service and is ignored).
    func apply(_ type: String, slice: EndpointSliceView) {
        guard let key = slice.key else { return }
        state.withLock { state in
            let owner: ObjectKey?
            switch type {
            case "ADDED", "MODIFIED": owner = slice.serviceKey
            case "DELETED": owner = nil
            default: return
            }
            let previous = state.sliceOwners[key]
            if let previous {
                state.slices[previous]?[key.name] = nil
                if state.slices[previous]?.isEmpty == true { state.slices[previous] = nil }
            }
            if let owner {
                state.slices[owner, default: [:]][key.name] = slice
            }
            state.sliceOwners[key] = owner
            if let previous, previous != owner { state.rebuild(previous, ttl: ttl) }
            if let owner { state.rebuild(owner, ttl: ttl) }
        }
    }

    /// Forgets every Service and EndpointSlice (before watching them again from the start).
    func removeAll() {
        state.withLock { state in
            for key in Array(state.contributions.keys) where key != State.zoneKey {
                state.replace(key, with: [])
            }
            state.services = [:]
            state.slices = [:]
            state.sliceOwners = [:]
        }
    }

    /// How many Services are known.
    var serviceCount: Int { state.withLock { $0.services.count } }

    /// Looks up `name` for records of `type` (`RRType.any` for all), following CNAMEs inside
    /// the zone. Negative answers inside the zone carry the SOA in `authority`; SRV and NS
    /// answers carry their targets' addresses in `additional`.
    func lookup(_ name: DNSName, type: UInt16) -> ZoneAnswer {
        state.withLock { state in
            var result = ZoneAnswer(outcome: .found)
            var current = name
            // A few names at most: an array is cheaper than a set for every query.
            var visited: [DNSName] = []
            while visited.count <= Self.maxCNAMEChain {
                visited.append(current)
                let inZone = current.isInside(zone)
                var records = state.rrsets[current] ?? []
                let podRecords = pods.records(for: current)
                if !podRecords.isEmpty { records += podRecords }
                if current == zone { records.insert(soa(serial: state.serial), at: 0) }
                if !inZone && records.isEmpty {
                    // A CNAME that leaves the zone ends here; the client's resolver goes on.
                    result.outcome = result.answers.isEmpty ? .notInZone : .found
                    return result
                }
                if type != RRType.cname, type != RRType.any,
                   let alias = records.first(where: { $0.type == RRType.cname }),
                   case .cname(let target) = alias.data {
                    result.answers.append(alias)
                    if visited.contains(target) { return result }
                    current = target
                    continue
                }
                let matching = type == RRType.any ? records : records.filter { $0.type == type }
                if !matching.isEmpty {
                    result.answers += matching
                    result.additional = additionalRecords(for: matching, in: state)
                    return result
                }
                let exists = current == zone || !records.isEmpty || state.interiorNames[current] != nil
                    || pods.isInterior(current)
                result.outcome = exists ? .noData : .nameError
                if inZone { result.authority = [soa(serial: state.serial)] }
                return result
            }
            return result
        }
    }

    /// The zone's SOA record (RFC 1035 §3.3.13); its minimum is the TTL of negative answers.
    private func soa(serial: UInt32) -> ResourceRecord {
        let mname = zone.prepending(labels: [Array("ns".utf8), Array("dns".utf8)]) ?? zone
        let rname = zone.prepending("hostmaster") ?? zone
        return ResourceRecord(name: zone, ttl: ttl, data: .soa(
            mname: mname, rname: rname, serial: serial, refresh: 7200, retry: 1800, expire: 86400, minimum: ttl
        ))
    }

    /// Addresses of the targets of SRV and NS records, when the add-on knows them.
    private func additionalRecords(for answers: [ResourceRecord], in state: State) -> [ResourceRecord] {
        var targets: [DNSName] = []
        for record in answers {
            switch record.data {
            case .srv(_, _, _, let target), .ns(let target):
                if !targets.contains(target) { targets.append(target) }
            default:
                break
            }
        }
        return targets.flatMap { target in
            (state.rrsets[target] ?? []).filter { $0.type == RRType.a || $0.type == RRType.aaaa }
        }
    }

    /// The mutable index behind the lock.
    private struct State {
        /// The key of the zone's own fixed records (no object has an empty name).
        static let zoneKey = ObjectKey(namespace: "", name: "")

        let zone: DNSName
        var serial: UInt32
        var services: [ObjectKey: ServiceView] = [:]
        /// The EndpointSlices of each Service (by the Service's key), by slice name.
        var slices: [ObjectKey: [String: EndpointSliceView]] = [:]
        /// The Service each known slice belongs to, by the slice's key.
        var sliceOwners: [ObjectKey: ObjectKey] = [:]
        /// The records each Service contributes, to take them out again on change.
        var contributions: [ObjectKey: [ResourceRecord]] = [:]
        /// Records by owner name.
        var rrsets: [DNSName: [ResourceRecord]] = [:]
        /// Names below the apex that own records or have descendants that do, with the number
        /// of records at or below them: these exist (NODATA), every other name in the zone is
        /// NXDOMAIN.
        var interiorNames: [DNSName: Int] = [:]

        init(zone: DNSName, serial: UInt32) {
            self.zone = zone
            self.serial = serial
        }

        /// Recomputes the records of the Service `key` from its current objects.
        mutating func rebuild(_ key: ObjectKey, ttl: UInt32) {
            let records = services[key].map {
                ServiceRecords.build(service: $0, slices: slices[key].map(ServiceRecords.ordered) ?? [], zone: zone, ttl: ttl)
            } ?? []
            replace(key, with: records)
        }

        /// Swaps the records contributed by `key` for `records`.
        mutating func replace(_ key: ObjectKey, with records: [ResourceRecord]) {
            let old = contributions[key] ?? []
            guard old != records else { return }
            for record in old { remove(record) }
            for record in records { insert(record) }
            contributions[key] = records.isEmpty ? nil : records
            serial &+= 1
        }

        private mutating func insert(_ record: ResourceRecord) {
            rrsets[record.name, default: []].append(record)
            for name in interior(record.name) { interiorNames[name, default: 0] += 1 }
        }

        private mutating func remove(_ record: ResourceRecord) {
            if var set = rrsets[record.name], let index = set.firstIndex(of: record) {
                set.remove(at: index)
                rrsets[record.name] = set.isEmpty ? nil : set
            }
            for name in interior(record.name) {
                let count = (interiorNames[name] ?? 0) - 1
                interiorNames[name] = count > 0 ? count : nil
            }
        }

        /// `name` and its ancestors strictly below the apex, when `name` is in the zone.
        private func interior(_ name: DNSName) -> [DNSName] {
            guard name.isInside(zone) else { return [] }
            return (0..<(name.labels.count - zone.labels.count)).map { name.dropping($0) }
        }
    }
}
