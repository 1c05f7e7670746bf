import Kernel

/// Read-modify-write helpers that start from a cached object and, on a 409 Conflict, re-read
/// the live object and apply the change again, as client-go's `RetryOnConflict` is used.
public enum ConflictRetry {
    /// Most attempts before the conflict is returned to the caller (whose key is then retried
    /// with back-off).
    public static let attempts = 5

    /// Replaces the status of `object` with what `mutate` makes of it. Nothing is written when
    /// the status does not change. Returns the object as stored (or as given when unchanged).
    @discardableResult
    public static func updateStatus(
        _ client: any ObjectClient, _ type: ResourceType, _ object: JSONValue,
        _ mutate: (inout JSONValue) -> Void
    ) async throws -> JSONValue {
        let written = try await write(client, type, object, status: true) { object in
            mutate(&object)
            return true
        }
        return written ?? object
    }

    /// Updates the spec/metadata of `object` with `mutate`, which returns false when the change
    /// no longer applies to the (re-read) object; nothing is written then or when nothing
    /// changed. Returns the stored object, or nil when the change no longer applies.
    public static func update(
        _ client: any ObjectClient, _ type: ResourceType, _ object: JSONValue,
        _ mutate: (inout JSONValue) -> Bool
    ) async throws -> JSONValue? {
        try await write(client, type, object, status: false, mutate)
    }

    private static func write(
        _ client: any ObjectClient, _ type: ResourceType, _ object: JSONValue, status: Bool,
        _ mutate: (inout JSONValue) -> Bool
    ) async throws -> JSONValue? {
        var current = object
        var attempt = 0
        while true {
            attempt += 1
            var changed = current
            guard mutate(&changed) else { return nil }
            if changed == current { return current }
            do {
                let namespace = current.namespace ?? ""
                return status
                    ? try await client.updateStatus(type, namespace: namespace, object: changed)
                    : try await client.update(type, namespace: namespace, object: changed)
            } catch where isConflict(error) && attempt < attempts {
                current = try await client.get(type, namespace: current.namespace ?? "", name: current.name ?? "")
            }
        }
    }
}
