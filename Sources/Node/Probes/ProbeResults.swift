import Synchronization

/// The probes' verdicts for one pod, by container name and probe kind, each tied to the
/// container instance (runtime id) it was reached for, so that a restarted container starts over.
final class ProbeResults: Sendable {
    private struct Entry {
        let containerID: String
        let result: ProbeResult
    }
    private let entries = Mutex<[String: Entry]>([:])

    /// The verdict for the container instance, nil while there is none yet.
    func result(_ name: String, _ kind: ProbeKind, containerID: String) -> ProbeResult? {
        entries.withLock { entries in
            entries[Self.key(name, kind)].flatMap { $0.containerID == containerID ? $0.result : nil }
        }
    }

    /// Records a verdict; returns whether it differs from the previous one.
    func set(_ name: String, _ kind: ProbeKind, containerID: String, _ result: ProbeResult) -> Bool {
        entries.withLock { entries in
            let key = Self.key(name, kind)
            let previous = entries[key]
            entries[key] = Entry(containerID: containerID, result: result)
            return previous?.containerID != containerID || previous?.result != result
        }
    }

    /// Forgets a container's verdicts.
    func remove(_ name: String) {
        entries.withLock { entries in
            for kind in ProbeKind.allCases { entries[Self.key(name, kind)] = nil }
        }
    }

    private static func key(_ name: String, _ kind: ProbeKind) -> String { "\(name)/\(kind.rawValue)" }
}
