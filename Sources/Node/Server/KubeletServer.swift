import Hummingbird
import Logging
import Synchronization

/// The kubelet's read-only HTTP server (Kubernetes' read-only port): `/healthz`, `/pods`,
/// `/spec`, `/stats/summary` and `/containerLogs/...`, plain HTTP on a loopback address.
/// `start()` binds (port 0: any free port) and serves in a background task; `stop()` closes it.
final class KubeletServer: Sendable {
    /// The address the server binds.
    let host: String
    /// The port asked for (0: any free port).
    let requestedPort: Int
    private let handler: KubeletRequestHandler
    /// Where the server logs its lifecycle.
    let logger: Logger
    private let state = Mutex<(port: Int?, task: Task<Void, Never>?)>((nil, nil))

    /// A server answering through `handler` on `host:port`.
    init(host: String, port: Int, handler: KubeletRequestHandler, logger: Logger) {
        self.host = host
        self.requestedPort = port
        self.handler = handler
        self.logger = logger
    }

    /// The bound port, once listening.
    var port: Int? { state.withLock { $0.port } }

    /// Starts serving and returns the bound port once the socket listens; throws when binding fails.
    @discardableResult
    func start() async throws -> Int {
        let (bound, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let task = Task {
            do {
                try await self.serve { continuation.yield(.success($0)) }
                continuation.yield(.failure(KubeletServerError(description: "the kubelet server stopped before it listened")))
            } catch {
                continuation.yield(.failure(error))
            }
            continuation.finish()
        }
        state.withLock { $0.task = task }
        for await outcome in bound {
            switch outcome {
            case .success(let port): return port
            case .failure(let error):
                state.withLock { $0.task = nil }
                throw error
            }
        }
        throw KubeletServerError(description: "the kubelet server stopped before it listened")
    }

    /// Closes the socket, ends open log streams and waits for the serving task.
    func stop() async {
        let task = state.withLock { state -> Task<Void, Never>? in
            defer { state = (nil, nil) }
            return state.task
        }
        task?.cancel()
        await task?.value
    }

    private func serve(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let handler = self.handler
        let responder = CallbackResponder<BasicRequestContext> { request, _ in await handler.respond(request) }
        // Stopping is cancellation, which Hummingbird logs as an error: keep its logger quiet.
        var frameworkLogger = logger
        frameworkLogger.logLevel = .critical
        let logger = self.logger
        let host = self.host
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: requestedPort), serverName: nil),
            onServerRunning: { [weak self] channel in
                let port = channel.localAddress?.port ?? self?.requestedPort ?? 0
                self?.state.withLock { $0.port = port }
                logger.info("kubelet server listening", metadata: ["url": "http://\(host):\(port)"])
                onListening(port)
            },
            logger: frameworkLogger
        )
        try await app.run()
    }
}

/// Why the kubelet server did not start.
struct KubeletServerError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String
}

/// The port the kubelet's server listens on, shared with the node status (daemonEndpoints).
final class ServingPortCell: Sendable {
    private let storage = Mutex<Int?>(nil)
    /// The bound port, nil while not listening.
    var value: Int? { storage.withLock { $0 } }
    /// Records the bound port (nil once stopped).
    func set(_ port: Int?) { storage.withLock { $0 = port } }
}
