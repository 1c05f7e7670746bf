import Kernel
import Synchronization

/// What the garbage collector knows of the cluster's ownership, kept from the informers'
/// events: every object's key by uid, and the dependents of each owner uid.
final class DependencyGraph: Sendable {
    private struct State {
        var keys: [String: GCKey] = [:]
        var owners: [String: Set<String>] = [:]
        var dependents: [String: Set<GCKey>] = [:]
    }
    private let state = Mutex(State())

    /// Records an object as it is now.
    func upsert(_ key: GCKey, _ object: JSONValue) {
        guard let uid = object.uid else { return }
        let owners = Set(object.ownerReferences.map(\.uid))
        state.withLock { state in
            state.keys[uid] = key
            for old in state.owners[uid] ?? [] where !owners.contains(old) { state.dependents[old]?.remove(key) }
            for owner in owners { state.dependents[owner, default: []].insert(key) }
            state.owners[uid] = owners.isEmpty ? nil : owners
        }
    }

    /// Forgets a deleted object (its entries as a dependent; its own dependents stay listed
    /// under its uid until they are gone or change).
    func remove(_ key: GCKey, _ object: JSONValue) {
        guard let uid = object.uid else { return }
        state.withLock { state in
            if state.keys[uid] == key { state.keys[uid] = nil }
            for owner in state.owners[uid] ?? [] {
                state.dependents[owner]?.remove(key)
                if state.dependents[owner]?.isEmpty == true { state.dependents[owner] = nil }
            }
            state.owners[uid] = nil
        }
    }

    /// The dependents recorded for an owner uid.
    func dependents(of uid: String) -> [GCKey] {
        state.withLock { Array($0.dependents[uid] ?? []) }
    }

    /// The key of a live object by uid.
    func key(of uid: String) -> GCKey? { state.withLock { $0.keys[uid] } }
}
