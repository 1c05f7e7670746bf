import Foundation
import Kernel
import Logging
import Synchronization

/// Keeps the Node's status current: registration, then every heartbeat interval the runtime's
/// and network's health, capacity, nodeInfo and images, with fresh `lastHeartbeatTime`s, plus
/// the node Lease in `kube-node-lease` when the API serves leases.
final class NodeStatusReporter: Sendable {
    private let spec: NodeSpecification
    private let builder: NodeStatusBuilder
    private let runtime: RuntimeService
    private let network: CNIChain
    private let client: any ObjectClient
    private let recorder: EventRecorder
    private let logger: Logger
    private let identity: RuntimeIdentityCell
    private let networkReadiness: NetworkReadiness
    private let lastReady = Mutex<Bool?>(nil)
    /// Whether the runtime's `Status` ever answered.
    private let runtimeAnswered = Mutex(false)
    private let lease: NodeLease

    init(spec: NodeSpecification, runtime: RuntimeService, network: CNIChain, client: any ObjectClient,
         recorder: EventRecorder, identity: RuntimeIdentityCell, networkReadiness: NetworkReadiness, logger: Logger) {
        self.spec = spec
        self.builder = NodeStatusBuilder(spec: spec, machine: MachineInfo(nodeName: spec.name))
        self.runtime = runtime
        self.network = network
        self.client = client
        self.recorder = recorder
        self.identity = identity
        self.networkReadiness = networkReadiness
        self.logger = logger
        self.lease = NodeLease(nodeName: spec.name, client: client, logger: logger)
    }

    /// Registers the node, then heartbeats until cancelled.
    func run() async {
        let registration = NodeRegistration(spec: spec, client: client, logger: logger)
        guard await registration.register(retry: min(spec.options.heartbeatInterval, .seconds(1))) != nil else { return }
        await recorder.node(spec.name, .normal, "Starting", "Starting kubelet.")
        do {
            try await runtime.updatePodCIDR(spec.podCIDR)
        } catch where CRIValues.isUnsupported(error) {
            // Optional in the ABI: the runtime does not need the pod CIDR.
        } catch {
            logger.debug("UpdateRuntimeConfig failed", metadata: ["error": "\(error)"])
        }
        while !Task.isCancelled {
            await heartbeat(registration: registration)
            try? await Task.sleep(for: spec.options.heartbeatInterval)
        }
    }

    /// One heartbeat: node status, then the Lease.
    func heartbeat(registration: NodeRegistration) async {
        let health = await assessHealth()
        let images = try? await runtime.listImages()
        var notFound = false
        for _ in 0..<5 {
            do {
                var node = try await client.get(.nodes, namespace: "", name: spec.name)
                node["status"] = builder.status(
                    previous: node["status"], health: health, runtime: identity.value, images: images, now: KubeTime.now())
                _ = try await client.updateStatus(.nodes, namespace: "", object: node)
                await noteReadiness(health)
                break
            } catch let error as APIError where error.reason == "Conflict" {
                continue
            } catch let error as APIError where error.reason == "NotFound" {
                notFound = true
                break
            } catch {
                logger.warning("error updating node status", metadata: ["node": "\(spec.name)", "error": "\(error)"])
                break
            }
        }
        if notFound {
            // Someone deleted the Node: register it again, as the kubelet does.
            _ = await registration.register(retry: .seconds(1))
            return
        }
        await lease.renew()
    }

    private func assessHealth() async -> NodeHealth {
        if identity.value == nil, let version = try? await runtime.version() { identity.set(version) }
        var conditions: [String: RuntimeCondition]?
        var runtimeError: String?
        do {
            conditions = try await runtime.status()
            runtimeAnswered.withLock { $0 = true }
        } catch {
            runtimeError = "\(error)"
            logger.warning("container runtime status check failed", metadata: ["error": "\(error)"])
        }
        let cniProblem = await network.status()
        let health = NodeHealth.assess(runtimeConditions: conditions, runtimeError: runtimeError, cniProblem: cniProblem,
                                       runtimeAnswered: runtimeAnswered.withLock { $0 })
        networkReadiness.record(health.networkProblem)
        return health
    }

    /// Node events on readiness changes (NodeReady / NodeNotReady), as the kubelet records them.
    private func noteReadiness(_ health: NodeHealth) async {
        let changed = lastReady.withLock { last -> Bool in
            defer { last = health.isReady }
            return last != health.isReady
        }
        guard changed else { return }
        if health.isReady {
            await recorder.node(spec.name, .normal, "NodeReady", "Node \(spec.name) status is now: NodeReady")
        } else {
            await recorder.node(spec.name, .normal, "NodeNotReady", "Node \(spec.name) status is now: NodeNotReady")
        }
    }
}

/// The runtime's `Version`, learnt once and read by node and pod status.
final class RuntimeIdentityCell: Sendable {
    private let storage = Mutex<RuntimeIdentity?>(nil)
    /// The identity once known.
    var value: RuntimeIdentity? { storage.withLock { $0 } }
    /// Records it.
    func set(_ identity: RuntimeIdentity) { storage.withLock { $0 = identity } }
}
