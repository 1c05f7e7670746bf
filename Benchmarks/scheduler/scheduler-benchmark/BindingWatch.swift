import APIServer
import Dispatch
import Kernel
import Synchronization

/// Monotonic nanoseconds.
func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Counts bindings by watching pods: a pod counts once, at the first MODIFIED event whose
/// `spec.nodeName` is set, with the time it was seen. Nothing lists pods.
final class BindingWatch: Sendable {
    private struct State {
        var bound: [String: UInt64] = [:]
    }

    private let state = Mutex(State())
    private let task = Mutex<Task<Void, Never>?>(nil)

    /// Starts watching all pods from the store's current revision.
    init(api: ClusterAPI, fromRevision: Int64) async throws {
        let stream = try await api.watch(.pods, namespace: nil, fromRevision: fromRevision)
        let watching = Task { [self] in
            do {
                for try await event in stream where event.type == "MODIFIED" {
                    guard let node = event.object[path: "spec", "nodeName"]?.stringValue, !node.isEmpty,
                          let name = event.object[path: "metadata", "name"]?.stringValue else { continue }
                    let seen = now()
                    self.state.withLock { state in
                        if state.bound[name] == nil { state.bound[name] = seen }
                    }
                }
            } catch {
                note("pod watch ended: \(error)")
            }
        }
        task.withLock { $0 = watching }
    }

    /// Pods bound so far.
    var count: Int { state.withLock { $0.bound.count } }

    /// When `name` was seen bound, nil when it was not.
    func boundAt(_ name: String) -> UInt64? { state.withLock { $0.bound[name] } }

    /// Waits until `count` pods are bound; fails after `timeout` seconds without progress.
    func wait(for count: Int, what: String, timeout: Double = 120) async {
        var last = -1
        var since = now()
        while true {
            let bound = self.count
            if bound >= count { return }
            if bound != last {
                last = bound
                since = now()
            } else if Double(now() - since) / 1e9 > timeout {
                fail("\(what): \(bound) of \(count) pods bound, none for \(Int(timeout)) s")
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Stops watching.
    func stop() { task.withLock { $0?.cancel() } }
}
