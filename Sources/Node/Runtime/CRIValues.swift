import Kernel

/// Reading CRI messages in the proto3 JSON mapping: 64-bit integers may arrive as strings or
/// numbers, enums as names or numbers, and absent fields mean their zero value.
enum CRIValues {
    /// An int64/uint64 field, from a number or a decimal string.
    static func int64(_ value: JSONValue?) -> Int64? {
        guard let value else { return nil }
        if let number = value.intValue { return number }
        if let text = value.stringValue { return Int64(text) }
        return nil
    }

    /// A string-to-string map field (labels, annotations).
    static func stringMap(_ value: JSONValue?) -> [String: String] {
        (value?.objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// A string map as a JSON object.
    static func object(_ map: [String: String]) -> JSONValue {
        .object(map.mapValues(JSONValue.string))
    }
}

/// CRI's `ContainerState`.
enum CRIContainerState: String, Sendable {
    case created = "CONTAINER_CREATED"
    case running = "CONTAINER_RUNNING"
    case exited = "CONTAINER_EXITED"
    case unknown = "CONTAINER_UNKNOWN"

    /// Parses the enum from its name or number (absent: CONTAINER_CREATED, the zero value).
    init(json: JSONValue?) {
        if let name = json?.stringValue, let state = CRIContainerState(rawValue: name) {
            self = state
        } else {
            switch json?.intValue ?? 0 {
            case 0: self = .created
            case 1: self = .running
            case 2: self = .exited
            default: self = .unknown
            }
        }
    }
}

/// CRI's `PodSandboxState`.
enum CRISandboxState: String, Sendable {
    case ready = "SANDBOX_READY"
    case notReady = "SANDBOX_NOTREADY"

    /// Parses the enum from its name or number (absent: SANDBOX_READY, the zero value).
    init(json: JSONValue?) {
        if let name = json?.stringValue, let state = CRISandboxState(rawValue: name) {
            self = state
        } else {
            self = (json?.intValue ?? 0) == 0 ? .ready : .notReady
        }
    }
}

/// The labels the kubelet puts on every sandbox and container so that a relist can tie a
/// runtime object back to its pod (the names Kubernetes uses).
enum CRILabels {
    static let podName = "io.kubernetes.pod.name"
    static let podNamespace = "io.kubernetes.pod.namespace"
    static let podUID = "io.kubernetes.pod.uid"
    static let containerName = "io.kubernetes.container.name"
    static let restartCount = "io.kubernetes.container.restartCount"
    static let terminationGracePeriod = "io.kubernetes.pod.terminationGracePeriod"
    static let terminationMessagePath = "io.kubernetes.container.terminationMessagePath"
}
