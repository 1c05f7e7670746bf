import Kernel
import Synchronization

/// Whether the pod network can take new pods, as the kubelet's runtime state keeps it: the
/// runtime's NetworkReady condition and the CNI plugins' STATUS, refreshed by every heartbeat
/// and checked again before a sandbox is refused, so a network that recovers is used at once.
final class NetworkReadiness: Sendable {
    private let runtime: RuntimeService
    private let network: CNIChain
    private let problem = Mutex<String?>(nil)

    init(runtime: RuntimeService, network: CNIChain) {
        self.runtime = runtime
        self.network = network
    }

    /// Why the network is not ready, as last seen; nil when it is.
    var lastProblem: String? { problem.withLock { $0 } }

    /// Records what a heartbeat found.
    func record(_ current: String?) {
        problem.withLock { $0 = current }
    }

    /// Asks the runtime and the CNI plugins now; records and returns the problem, if any.
    @discardableResult
    func check() async -> String? {
        var current: String?
        if let conditions = try? await runtime.status(), let network = conditions["NetworkReady"], !network.status {
            current = "runtime: reason:\(network.reason) message:\(network.message)"
        }
        if current == nil { current = await network.status() }
        record(current)
        return current
    }

    /// Nil when pods may get a network now: the last state was good, or a fresh check is.
    func problemBeforeSandbox() async -> String? {
        guard lastProblem != nil else { return nil }
        return await check()
    }
}
