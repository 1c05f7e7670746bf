import Kernel
import Logging
import Synchronization

/// The kubelet's read-only server over the kubelet's life: listens on the node's IP when it is
/// a loopback address (else 127.0.0.1) and publishes the port for the node status; when the
/// Node's InternalIP later becomes another loopback address (a cloud provider giving nodes
/// distinct addresses), also listens there on the same port, so the endpoint the Node object
/// advertises (InternalIP + daemonEndpoints port) is always reachable.
final class KubeletServing: Sendable {
    private let node: NodeSpecification
    private let client: any ObjectClient
    private let handler: KubeletRequestHandler
    private let logger: Logger
    private let servers = Mutex<(primary: KubeletServer?, byAddress: KubeletServer?)>((nil, nil))

    /// The serving of a kubelet with these parts.
    init(node: NodeSpecification, client: any ObjectClient, runtime: RuntimeService, logger: Logger) {
        self.node = node
        self.client = client
        self.logger = logger
        let view = KubeletView(node: node, client: client, runtime: runtime, machine: MachineInfo(nodeName: node.name),
                               startTime: KubeTime.now())
        self.handler = KubeletRequestHandler(view: view, logger: logger)
    }

    /// `address` when it lies in 127.0.0.0/8, else nil.
    static func loopback(_ address: String) -> String? {
        let octets = address.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }), octets[0] == "127" else { return nil }
        return address
    }

    /// Starts the primary listener and publishes its port. A server that cannot bind is
    /// logged; the kubelet runs on without it.
    func start() async {
        let host = Self.loopback(node.options.nodeIP) ?? "127.0.0.1"
        let server = KubeletServer(host: host, port: node.options.port, handler: handler, logger: logger)
        do {
            let port = try await server.start()
            servers.withLock { $0.primary = server }
            node.servingPort.set(port)
        } catch {
            logger.warning("kubelet server did not start", metadata: ["address": "\(host):\(node.options.port)", "error": "\(error)"])
        }
    }

    /// Until cancelled: follows the Node's InternalIP and listens on it too (same port) when it
    /// is a loopback address the primary listener does not cover.
    func followNodeAddress(period: Duration) async {
        while !Task.isCancelled {
            if let port = node.servingPort.value,
               let object = try? await client.get(.nodes, namespace: "", name: node.name),
               let internalIP = (object[path: "status", "addresses"]?.arrayValue ?? [])
                   .first(where: { $0["type"]?.stringValue == "InternalIP" })?["address"]?.stringValue,
               let address = Self.loopback(internalIP) {
                await listen(on: address, port: port)
            }
            try? await Task.sleep(for: period)
        }
    }

    private func listen(on address: String, port: Int) async {
        let (primaryHost, current) = servers.withLock { ($0.primary?.host, $0.byAddress) }
        guard address != primaryHost, address != current?.host else { return }
        await current?.stop()
        let server = KubeletServer(host: address, port: port, handler: handler, logger: logger)
        do {
            try await server.start()
            servers.withLock { $0.byAddress = server }
        } catch {
            servers.withLock { $0.byAddress = nil }
            logger.warning("kubelet server did not start on the node address", metadata: ["address": "\(address):\(port)", "error": "\(error)"])
        }
    }

    /// Stops every listener and withdraws the published port.
    func stop() async {
        let all = servers.withLock { servers in
            defer { servers = (nil, nil) }
            return [servers.primary, servers.byAddress].compactMap { $0 }
        }
        for server in all { await server.stop() }
        node.servingPort.set(nil)
    }
}
