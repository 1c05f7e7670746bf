/// The data one scheduling cycle keeps between a pod's hooks (kube-scheduler's CycleState):
/// PreFilter and PreScore write what Filter and Score read, keyed by the plugin's own key. Across
/// the ABI the host carries it as an opaque handle from `cycle_begin` to `cycle_end`.
/// Not thread-safe: one cycle runs one hook at a time.
final class CycleState {
    private var values: [String: Any] = [:]
    /// Whether the framework may skip a plugin's Filter for this cycle (its PreFilter said Skip).
    private(set) var skippedFilter: Set<String> = []
    /// Whether the framework may skip a plugin's Score for this cycle (its PreScore said Skip).
    private(set) var skippedScore: Set<String> = []

    /// Creates an empty state.
    init() {}

    /// Stores `value` under `key`.
    func write<Value>(_ key: String, _ value: Value) { values[key] = value }

    /// The value stored under `key`, when it has that type.
    func read<Value>(_ key: String, as type: Value.Type = Value.self) -> Value? { values[key] as? Value }

    /// Records that `plugin`'s Filter is skipped in this cycle.
    func skipFilter(of plugin: String) { skippedFilter.insert(plugin) }

    /// Records that `plugin`'s Score is skipped in this cycle.
    func skipScore(of plugin: String) { skippedScore.insert(plugin) }
}

extension CycleState {
    /// What a batched Filter reads first: its PreFilter's data under `key`. Nil when there is
    /// none, after marking every node of `nodes` with Kubernetes' "not found" Error, unless the
    /// plugin's PreFilter said Skip (then every node passes).
    func filterData<Value>(
        _ key: String, as type: Value.Type, plugin: String, nodes: NodeBatch, verdicts: inout FilterVerdicts
    ) -> Value? {
        if let value = read(key, as: type) { return value }
        if skippedFilter.contains(plugin) { return nil }
        let status = FrameworkStatus.error("reading \"\(key)\" from cycleState: not found")
        for position in nodes.indices { verdicts.set(position, status) }
        return nil
    }
}
