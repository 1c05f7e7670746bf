import APIServer
import Kernel
import Synchronization

/// Creates objects through `ClusterAPI.create` from several concurrent tasks, each taking the
/// next index from a shared counter, so creation is not one-at-a-time.
enum Creators {
    /// Creates `count` objects of `type` in `namespace` made by `object(index)`, from `tasks`
    /// concurrent tasks; `started(index)` is called just before each create. Returns when all
    /// are created; fails the benchmark on the first error.
    static func create(
        _ api: ClusterAPI, _ type: ResourceType, namespace: String, count: Int, tasks: Int,
        started: @escaping @Sendable (Int) -> Void = { _ in }, object: @escaping @Sendable (Int) -> JSONValue
    ) async {
        let next = NextIndex()
        await withDiscardingTaskGroup { group in
            for _ in 0..<max(1, tasks) {
                group.addTask {
                    while true {
                        let index = next.take()
                        guard index < count else { return }
                        let made = object(index)
                        started(index)
                        do {
                            _ = try await api.create(type, namespace: namespace, object: made)
                        } catch {
                            fail("creating \(type) \(index): \(error)")
                        }
                    }
                }
            }
        }
    }
}

/// A shared counter handing out indices to concurrent tasks.
final class NextIndex: Sendable {
    private let value = Atomic<Int>(0)

    /// The next index (0, 1, 2, ...).
    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}
