import Kernel
import Logging
import Node
import Synchronization

/// The simulated nodes' agents (kubelets), each on a task of its own that `keelson node stop`
/// ends and `keelson node start` begins again, as killing and restarting a node's agent would.
/// The switch is the Node's `keelson.dev/agent: stopped` annotation. A stopped agent's
/// containers keep running in its runtime; a new agent takes them over.
final class NodeAgents: Sendable {
    /// The annotation that stops a node's agent.
    static let annotation = "keelson.dev/agent"
    /// Its value for a stopped agent.
    static let stopped = "stopped"

    private let client: any ObjectClient
    private let logger: Logger
    /// How to make a node's kubelet, by node name.
    private let agents: [String: @Sendable () -> Kubelet]
    /// Each node's latest agent task, and whether it has been told to stop.
    private let tasks = Mutex<[String: (task: Task<Void, Never>, stopped: Bool)]>([:])

    /// Agents for the named nodes; nothing runs until `run()`.
    init(client: any ObjectClient, agents: [String: @Sendable () -> Kubelet], logger: Logger) {
        self.client = client
        self.agents = agents
        self.logger = logger
    }

    /// Starts every agent whose Node is not marked stopped and follows the annotation until
    /// the calling task is cancelled; then ends every agent.
    func run() async {
        let nodes = Informer(client: client, type: .nodes, logger: logger)
        let (changes, continuation) = AsyncStream<String>.makeStream()
        nodes.addHandler { event in
            if let name = event.object.name { continuation.yield(name) }
        }
        let watcher = Task { await nodes.run() }
        await nodes.waitUntilSynced()
        for name in agents.keys.sorted() { apply(name, stopped: Self.isStopped(nodes.get(namespace: "", name: name))) }
        for await name in changes {
            apply(name, stopped: Self.isStopped(nodes.get(namespace: "", name: name)))
        }
        watcher.cancel()
        continuation.finish()
        let all = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks.values.map(\.task)
        }
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    private static func isStopped(_ node: JSONValue?) -> Bool {
        node?[path: "metadata", "annotations", annotation]?.stringValue == stopped
    }

    /// Starts or stops one node's agent to match `stopped`. A new agent waits until the one
    /// before it has finished stopping, so two never work for one node.
    private func apply(_ name: String, stopped: Bool) {
        guard let make = agents[name] else { return }
        let change: String? = tasks.withLock { tasks in
            let current = tasks[name]
            if stopped {
                guard let current, !current.stopped else { return nil }
                current.task.cancel()
                tasks[name] = (current.task, true)
                return "stopped"
            }
            if let current, !current.stopped { return nil }
            let previous = current?.task
            let kubelet = make()
            tasks[name] = (Task {
                await previous?.value
                await kubelet.run()
            }, false)
            return previous == nil ? nil : "started"
        }
        if let change { logger.info("node agent \(change)", metadata: ["node": "\(name)"]) }
    }
}
