/// Where and how the API server listens.
public struct APIServerConfig: Sendable, Hashable {
    /// `host:port` with a loopback IPv4 host, "127.0.0.1:6443"; port 0 asks for any free port.
    public var address: String
    /// Serve plain HTTP instead of HTTPS (authentication stays on). Only allowed on loopback.
    public var plainHTTP: Bool
    /// Most read-only requests served at once before answering 429 (Kubernetes' default: 400).
    /// Watches and log streams are long-running and not counted.
    public var maxRequestsInFlight: Int
    /// Most mutating requests served at once before answering 429 (Kubernetes' default: 200).
    public var maxMutatingRequestsInFlight: Int
    /// How long new pods tolerate a not-ready node before they are evicted from it
    /// (`--default-not-ready-toleration-seconds`, Kubernetes' default: 300).
    public var defaultNotReadyTolerationSeconds: Int64
    /// How long new pods tolerate an unreachable node before they are evicted from it
    /// (`--default-unreachable-toleration-seconds`, Kubernetes' default: 300).
    public var defaultUnreachableTolerationSeconds: Int64

    /// An API server config.
    public init(address: String = "127.0.0.1:6443", plainHTTP: Bool = false,
                maxRequestsInFlight: Int = 400, maxMutatingRequestsInFlight: Int = 200,
                defaultNotReadyTolerationSeconds: Int64 = 300, defaultUnreachableTolerationSeconds: Int64 = 300) {
        self.address = address
        self.plainHTTP = plainHTTP
        self.maxRequestsInFlight = maxRequestsInFlight
        self.maxMutatingRequestsInFlight = maxMutatingRequestsInFlight
        self.defaultNotReadyTolerationSeconds = defaultNotReadyTolerationSeconds
        self.defaultUnreachableTolerationSeconds = defaultUnreachableTolerationSeconds
    }

    /// The host part of `address`.
    public var host: String { HostPort(address)?.host ?? address }

    /// The port part of `address` (0 when it does not parse, which validation reports).
    public var port: Int { HostPort(address)?.port ?? 0 }
}

/// "host:port" split in two; the port must be a number 0...65535.
struct HostPort: Sendable, Hashable {
    /// The host text.
    let host: String
    /// The port.
    let port: Int

    /// Splits at the last colon; nil when there is none, the host is empty or the port is not a number 0...65535.
    init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon])
        let portText = text[text.index(after: colon)...]
        guard !host.isEmpty, !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText), port <= 65535 else { return nil }
        self.host = host
        self.port = port
    }
}
