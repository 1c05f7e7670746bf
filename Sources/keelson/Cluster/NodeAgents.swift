import Kernel
import Logging
import Node
import Synchronization

/// The simulated nodes' agents (kubelets), each on a task of its own that `keelson node stop`
/// ends and `keelson node start` begins again, as killing and restarting a node's agent would.
/// The switch is the Node's `keelson.dev/agent: stopped` annotation. With a cloud provider, a
/// node whose instance the cloud reports deleted or shut down has no agent either, as a machine
/// that is gone runs nothing; the cloud is asked every `machinePeriod`. A stopped agent's
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
    /// The cloud whose instances the nodes are, if any.
    private let machines: CloudPluginClient?
    /// How often the cloud is asked whether the instances run.
    private let machinePeriod: Duration
    /// Each node's latest agent task, and whether it has been told to stop.
    private let tasks = Mutex<[String: (task: Task<Void, Never>, stopped: Bool)]>([:])
    /// Why agents are off: nodes whose annotation says stopped, and nodes whose machine is down.
    private let off = Mutex<(annotated: Set<String>, machineDown: Set<String>)>(([], []))

    /// Agents for the named nodes; nothing runs until `run()`.
    init(client: any ObjectClient, agents: [String: @Sendable () -> Kubelet], machines: CloudPluginClient? = nil,
         machinePeriod: Duration = .seconds(2), logger: Logger) {
        self.client = client
        self.agents = agents
        self.machines = machines
        self.machinePeriod = machinePeriod
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
        if machines != nil { await checkMachines(nodes) }
        for name in agents.keys.sorted() { annotated(name, Self.isStopped(nodes.get(namespace: "", name: name))) }
        let poller = Task { await pollMachines(nodes) }
        for await name in changes {
            annotated(name, Self.isStopped(nodes.get(namespace: "", name: name)))
        }
        watcher.cancel()
        poller.cancel()
        continuation.finish()
        let all = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks.values.map(\.task)
        }
        for task in all { task.cancel() }
        for task in all { await task.value }
    }

    /// Records a node's annotation and applies it.
    private func annotated(_ name: String, _ stopped: Bool) {
        let down = off.withLock { off in
            if stopped { off.annotated.insert(name) } else { off.annotated.remove(name) }
            return off.machineDown.contains(name)
        }
        apply(name, stopped: stopped || down)
    }

    /// Asks the cloud about every node's machine each `machinePeriod`.
    private func pollMachines(_ nodes: Informer) async {
        guard machines != nil else { return }
        while !Task.isCancelled {
            try? await Task.sleep(for: machinePeriod)
            await checkMachines(nodes)
        }
    }

    /// One round: a machine the cloud reports deleted or shut down stops its agent, one that
    /// runs again starts it (unless annotated stopped). A failed question changes nothing.
    private func checkMachines(_ nodes: Informer) async {
        guard let machines else { return }
        for name in agents.keys.sorted() {
            let node = nodes.get(namespace: "", name: name) ?? ["metadata": ["name": .string(name)]]
            let down: Bool
            do {
                let exists = try await machines.instanceExists(node: node)
                down = exists ? try await machines.instanceShutdown(node: node) : true
            } catch {
                continue
            }
            let (changed, annotated) = off.withLock { off in
                let changed = down ? off.machineDown.insert(name).inserted : off.machineDown.remove(name) != nil
                return (changed, off.annotated.contains(name))
            }
            guard changed else { continue }
            logger.info(down ? "node machine is down" : "node machine runs again", metadata: ["node": "\(name)"])
            apply(name, stopped: down || annotated)
        }
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
