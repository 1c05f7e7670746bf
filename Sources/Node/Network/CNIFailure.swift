import Kernel

/// What a failed CNI command means to the kubelet, from the spec's error code: the well-known
/// codes 1-7, 11 (try again later) and 50/51 (not available), plugin-specific codes (100 and
/// up) and errors without a code. It decides the pod Event's text and whether the failure says
/// the network itself is not ready.
struct CNIFailure: Sendable, CustomStringConvertible {
    /// The spec's code; nil when the plugin returned no error object.
    let code: Int?
    /// The plugin's `msg` (with `details`, as libcni prints an error: "msg; details").
    let message: String
    /// The failed command ("ADD", "DEL", ...).
    let command: String
    /// The plugin's type.
    let plugin: String

    /// Reads a `NetworkError` (or any other error of a CNI call, taken as one of `command`).
    init(_ error: any Error, command fallback: String = "ADD") {
        let network = error as? NetworkError
        command = network?.command ?? fallback
        plugin = network?.plugin ?? "cni"
        let underlying = network?.underlying ?? error
        if let cni = underlying as? CNIError {
            code = cni.code
            message = cni.details.isEmpty ? cni.msg : "\(cni.msg); \(cni.details)"
        } else if let call = underlying as? PluginCallError {
            code = nil
            message = "\(call.operation): \(call.statusName): \(call.message)"
        } else {
            code = nil
            message = "\(underlying)"
        }
    }

    /// The spec's name for the code.
    var meaning: String {
        switch code {
        case 1?: "incompatible CNI version"
        case 2?: "unsupported field in network configuration"
        case 3?: "container unknown or does not exist"
        case 4?: "invalid necessary environment variables"
        case 5?: "I/O failure"
        case 6?: "failed to decode content"
        case 7?: "invalid network config"
        case 11?: "try again later"
        case 50?: "plugin not available"
        case 51?: "plugin not available, existing containers may have limited connectivity"
        case let value? where value >= 100 && value < 999: "plugin-specific error"
        default: "plugin error"
        }
    }

    /// Codes that say the plugin cannot serve ADD now (50, 51): the network is not ready, and
    /// the kubelet asks STATUS again before the next sandbox.
    var networkNotReady: Bool { code == 50 || code == 51 }

    /// Code 3 on DEL: the container is unknown, so there is nothing to clean up (the spec says
    /// the runtime need not retry); DEL counts as done.
    var nothingToClean: Bool { code == 3 && command == "DEL" }

    /// "plugin type="bridge-like" failed (add): msg; details" with the code and its meaning,
    /// the way containerd words a CNI failure inside the kubelet's event.
    var description: String {
        let coded = code.map { " (CNI error \($0): \(meaning))" } ?? ""
        return "plugin type=\"\(plugin)\" failed (\(command.lowercased())): \(message)\(coded)"
    }

    /// The pod Event for a sandbox whose network setup failed, as the kubelet reports it:
    /// reason `FailedCreatePodSandBox`, the CRI error text around the plugin's message.
    func sandboxEvent(sandboxID: String) -> (reason: String, message: String) {
        ("FailedCreatePodSandBox",
         "Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \"\(sandboxID)\": \(self)")
    }
}
