import Foundation
import Synchronization

/// The pod records of the Kubernetes DNS specification (`a-b-c-d.<ns>.pod.<zone>`, an A record
/// for a.b.c.d; IPv6 addresses with dashes for colons, AAAA), as CoreDNS's `pods` option serves
/// them: `disabled` serves none, `insecure` answers any well-formed address, `verified` only an
/// address a pod of that namespace has (from the pods watch).
final class PodRecords: Sendable {
    /// The `pods` config values.
    enum Mode: String, Sendable {
        case disabled, insecure, verified
    }

    /// Which pod names are answered.
    let mode: Mode
    /// The cluster domain.
    let zone: DNSName
    /// The TTL of every pod record.
    let ttl: UInt32
    /// The addresses of every pod, by namespace/name (kept in `verified` mode only).
    private let addresses = Mutex<[ObjectKey: [IPAddress]]>([:])

    init(mode: Mode, zone: DNSName, ttl: UInt32) {
        self.mode = mode
        self.zone = zone
        self.ttl = ttl
    }

    /// Applies one pods watch event ("ADDED", "MODIFIED", "DELETED").
    func apply(_ type: String, pod: PodView) {
        guard let key = pod.key else { return }
        addresses.withLock { table in
            switch type {
            case "ADDED", "MODIFIED":
                let ips = pod.addresses.compactMap(IPAddress.init)
                table[key] = ips.isEmpty ? nil : ips
            case "DELETED":
                table[key] = nil
            default:
                break
            }
        }
    }

    /// Forgets every pod (before the watch is replayed).
    func removeAll() {
        addresses.withLock { $0 = [:] }
    }

    /// The A or AAAA record owned by `name` when it is a pod name that is answered, else none.
    func records(for name: DNSName) -> [ResourceRecord] {
        guard mode != .disabled, let labels = name.relativeLabels(to: zone), labels.count == 3,
              labels[2] == "pod", let address = Self.address(dashed: labels[0])
        else { return [] }
        if mode == .verified {
            let namespace = labels[1]
            let known = addresses.withLock { table in
                table.contains { $0.key.namespace == namespace && $0.value.contains(address) }
            }
            guard known else { return [] }
        }
        return [ResourceRecord(name: name, ttl: ttl, data: address.recordData)]
    }

    /// Whether `name` is `pod.<zone>` or `<ns>.pod.<zone>` (names that exist, without records,
    /// when pod records are served).
    func isInterior(_ name: DNSName) -> Bool {
        guard mode != .disabled, let labels = name.relativeLabels(to: zone), labels.last == "pod" else { return false }
        return labels.count == 1 || labels.count == 2
    }

    /// The address a pod name's first label spells: "10-244-1-7" or "fd00--1" (dashes for colons).
    static func address(dashed label: String) -> IPAddress? {
        let parts = label.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            return IPAddress(parts.joined(separator: "."))
        }
        guard label.contains("-") else { return nil }
        let v6 = IPAddress(label.replacingOccurrences(of: "-", with: ":"))
        return v6?.isV4 == false ? v6 : nil
    }
}

/// The parts of a core/v1 Pod the pod records read.
struct PodView: Decodable, Sendable {
    struct Meta: Decodable, Sendable {
        let name: String?
        let namespace: String?
    }

    struct PodIP: Decodable, Sendable {
        let ip: String?
    }

    struct Status: Decodable, Sendable {
        let podIP: String?
        let podIPs: [PodIP]?
    }

    let metadata: Meta?
    let status: Status?

    /// The object's key; nil when it has no name.
    var key: ObjectKey? {
        guard let name = metadata?.name, !name.isEmpty else { return nil }
        return ObjectKey(namespace: metadata?.namespace ?? "default", name: name)
    }

    /// Every address of the pod (`status.podIPs`, or `status.podIP`).
    var addresses: [String] {
        var all = (status?.podIPs ?? []).compactMap(\.ip)
        if let primary = status?.podIP, !primary.isEmpty, !all.contains(primary) { all.insert(primary, at: 0) }
        return all.filter { !$0.isEmpty }
    }
}
