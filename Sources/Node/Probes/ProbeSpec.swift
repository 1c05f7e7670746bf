import Kernel

/// The three kinds of container probe, with the words Kubernetes uses for them in Events.
enum ProbeKind: String, Sendable, CaseIterable {
    case liveness, readiness, startup

    /// The pod spec field ("livenessProbe").
    var field: String { "\(rawValue)Probe" }

    /// "Liveness", as in "Liveness probe failed: …".
    var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// One probe of a container as its spec gives it, with Kubernetes' defaults.
struct ProbeSpec: Sendable {
    /// What the probe runs.
    enum Action: Sendable {
        /// `exec.command`, run with ExecSync.
        case exec([String])
        /// `httpGet`: host (nil: the pod IP), port (number or container port name), path,
        /// scheme and extra headers.
        case httpGet(host: String?, port: JSONValue, path: String, scheme: String, headers: [(String, String)])
        /// `tcpSocket`: host (nil: the pod IP) and port.
        case tcpSocket(host: String?, port: JSONValue)
        /// `grpc`: not supported by this kubelet (always a failure).
        case grpc(port: Int64)
        /// A probe without a handler the kubelet knows.
        case unknown
    }

    let kind: ProbeKind
    let action: Action
    /// `initialDelaySeconds`, default 0.
    let initialDelaySeconds: Int64
    /// `periodSeconds`, default 10.
    let periodSeconds: Int64
    /// `timeoutSeconds`, default 1.
    let timeoutSeconds: Int64
    /// `successThreshold`, default 1 (always 1 for liveness and startup).
    let successThreshold: Int
    /// `failureThreshold`, default 3.
    let failureThreshold: Int

    /// The container's probe of `kind`, nil when the spec has none.
    init?(_ kind: ProbeKind, container: JSONValue) {
        guard let probe = container[kind.field], probe.objectValue != nil else { return nil }
        self.kind = kind
        func positive(_ key: String, _ fallback: Int64) -> Int64 {
            guard let value = probe[key]?.intValue, value > 0 else { return fallback }
            return value
        }
        initialDelaySeconds = max(0, probe["initialDelaySeconds"]?.intValue ?? 0)
        periodSeconds = positive("periodSeconds", 10)
        timeoutSeconds = positive("timeoutSeconds", 1)
        successThreshold = kind == .readiness ? Int(positive("successThreshold", 1)) : 1
        failureThreshold = Int(positive("failureThreshold", 3))
        if let command = probe[path: "exec", "command"]?.arrayValue {
            action = .exec(command.compactMap(\.stringValue))
        } else if let http = probe["httpGet"], http.objectValue != nil {
            let headers = (http["httpHeaders"]?.arrayValue ?? []).compactMap { header -> (String, String)? in
                guard let name = header["name"]?.stringValue else { return nil }
                return (name, header["value"]?.stringValue ?? "")
            }
            action = .httpGet(
                host: http["host"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, port: http["port"] ?? .null,
                path: http["path"]?.stringValue ?? "/", scheme: http["scheme"]?.stringValue ?? "HTTP", headers: headers)
        } else if let tcp = probe["tcpSocket"], tcp.objectValue != nil {
            action = .tcpSocket(host: tcp["host"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, port: tcp["port"] ?? .null)
        } else if let grpc = probe["grpc"], grpc.objectValue != nil {
            action = .grpc(port: grpc["port"]?.intValue ?? 0)
        } else {
            action = .unknown
        }
    }

    /// A port given by number or by the name of one of the container's ports.
    static func resolvePort(_ port: JSONValue, container: JSONValue) -> Int? {
        if let number = port.intValue { return (1...65535).contains(number) ? Int(number) : nil }
        guard let name = port.stringValue else { return nil }
        if let number = Int(name) { return (1...65535).contains(number) ? number : nil }
        let match = (container["ports"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }
        return match?["containerPort"]?.intValue.map { Int($0) }
    }
}
