import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Kernel
import Logging
import Synchronization

/// The Kubernetes REST API over HTTPS (or plain HTTP on loopback), served by Hummingbird.
///
/// `keelson up` serves TLS with bearer-token authentication and the abuse limits; the short
/// initialiser serves plain HTTP without authentication or limits, for library callers and tests.
///
/// ```swift
/// let server = try APIHTTPServer(api: api, address: "127.0.0.1:6443")
/// let port = try await server.start()   // serves in a background task
/// ...
/// await server.stop()                   // closes the socket and ends every watch
/// ```
/// `run()` serves in the calling task instead (until it is cancelled). Port 0 picks a free port;
/// `port` tells which.
public final class APIHTTPServer: Sendable {
    /// The API requests are served from.
    public let api: ClusterAPI
    /// The host the server binds, "127.0.0.1".
    public let host: String
    /// The port asked for (0: any free port).
    public let requestedPort: Int
    /// TLS or plain HTTP.
    public let transport: Transport
    /// Checks bearer tokens; nil serves every request unauthenticated.
    public let authenticator: Authenticator?
    /// In-flight and deadline limits; nil applies none.
    public let limits: APIServerLimits?
    private let logger: Logger

    /// How the server speaks on its socket.
    public enum Transport: Sendable {
        /// Plain HTTP/1.1 (loopback only).
        case plainHTTP
        /// HTTPS with a PEM certificate chain (leaf first) and its PEM private key.
        case tls(certificateChainPEM: String, privateKeyPEM: String)
    }

    private struct State {
        var boundPort: Int?
        var task: Task<Void, Never>?
    }
    private let state = Mutex(State())

    /// Why a server could not start.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public let description: String
    }

    /// Prepares a plain-HTTP server without authentication or limits for `address`
    /// ("127.0.0.1:6443", "localhost:0"). Throws `StartError` for a malformed address or one
    /// outside loopback (plain HTTP is served on loopback only).
    public convenience init(api: ClusterAPI, address: String = "127.0.0.1:6443", logger: Logger = Logger(label: "keelson.apiserver.http")) throws {
        try self.init(api: api, address: address, transport: .plainHTTP, authenticator: nil, limits: nil, logger: logger)
    }

    /// Prepares a server for `address` speaking `transport`, checking tokens with
    /// `authenticator` and enforcing `limits` (nil: none). Throws `StartError` for a malformed
    /// address, or plain HTTP on an address outside loopback.
    public init(api: ClusterAPI, address: String, transport: Transport, authenticator: Authenticator?, limits: APIServerLimits?,
                logger: Logger = Logger(label: "keelson.apiserver.http")) throws {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw StartError(description: "invalid API server address \"\(address)\": expected HOST:PORT such as 127.0.0.1:6443")
        }
        let host = String(address[..<colon])
        if case .tls = transport {
        } else if !(host == "localhost" || (IPv4Address(host)?.isLoopback ?? false)) {
            throw StartError(description: "API server address \"\(address)\" is not a loopback address; plain HTTP is only served on 127.0.0.0/8")
        }
        self.api = api
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.requestedPort = port
        self.transport = transport
        self.authenticator = authenticator
        self.limits = limits
        self.logger = logger
    }

    /// The port the server listens on, once it does.
    public var port: Int? { state.withLock { $0.boundPort } }

    /// "http" or "https".
    public var scheme: String {
        if case .tls = transport { return "https" }
        return "http"
    }

    /// "https://127.0.0.1:PORT" (or http://), once listening.
    public var url: String? { port.map { "\(scheme)://\(host):\($0)" } }

    /// Starts serving in a background task and returns the bound port once the socket listens.
    /// Throws when binding fails or the server is already started.
    @discardableResult
    public func start() async throws -> Int {
        let (bound, boundContinuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let task = Task {
            do {
                try await self.serve { port in boundContinuation.yield(.success(port)) }
                boundContinuation.yield(.failure(StartError(description: "the API server stopped before it listened")))
            } catch {
                boundContinuation.yield(.failure(error))
            }
            boundContinuation.finish()
        }
        let alreadyRunning = state.withLock { state in
            if state.task != nil { return true }
            state.task = task
            return false
        }
        if alreadyRunning {
            task.cancel()
            throw StartError(description: "the API server is already started")
        }
        for await outcome in bound {
            switch outcome {
            case .success(let port): return port
            case .failure(let error):
                state.withLock { $0.task = nil }
                throw error
            }
        }
        throw StartError(description: "the API server stopped before it listened")
    }

    /// Serves in the calling task until it is cancelled.
    public func run() async throws {
        try await serve { _ in }
    }

    /// Stops a server begun with `start()`: closes the listening socket, ends open watches and
    /// waits for the serving task to finish.
    public func stop() async {
        let task = state.withLock { state -> Task<Void, Never>? in
            defer { state.task = nil }
            return state.task
        }
        task?.cancel()
        await task?.value
        state.withLock { $0.boundPort = nil }
    }

    private func serve(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let handler = APIRequestHandler(api: api, serverAddress: { [weak self] in
            guard let self else { return "127.0.0.1" }
            return "\(self.host):\(self.port ?? self.requestedPort)"
        }, logger: logger, authenticator: authenticator)
        let limited = limits.map { LimitedResponder(limits: $0) }
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            guard let limited else { return await handler.respond(request) }
            return await limited.respond(request) { await handler.respond(request) }
        }
        let server: HTTPServerBuilder
        switch transport {
        case .plainHTTP:
            server = .http1()
        case .tls(let chainPEM, let keyPEM):
            let chain = try NIOSSLCertificate.fromPEMBytes(Array(chainPEM.utf8))
            let key = try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem)
            var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            tls.applicationProtocols = ["http/1.1"]
            server = try .tls(.http1(), tlsConfiguration: tls)
        }
        let scheme = self.scheme
        // Stopping is task cancellation, which Hummingbird reports at error level ("Waiting on
        // child channel: CancellationError()"); its own logger only passes critical messages,
        // and this server logs its lifecycle itself. Request failures never reach Hummingbird:
        // the handler answers every one with a Status.
        var frameworkLogger = logger
        frameworkLogger.logLevel = .critical
        let logger = self.logger
        let host = self.host
        let app = Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname(host, port: requestedPort), serverName: nil),
            onServerRunning: { [weak self] channel in
                let port = channel.localAddress?.port ?? self?.requestedPort ?? 0
                self?.state.withLock { $0.boundPort = port }
                logger.info("API server listening", metadata: ["url": "\(scheme)://\(host):\(port)"])
                onListening(port)
            },
            logger: frameworkLogger
        )
        try await app.run()
        logger.info("API server stopped", metadata: ["host": "\(host)"])
    }
}
