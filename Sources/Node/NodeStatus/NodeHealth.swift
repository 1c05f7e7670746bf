/// Whether the node can run pods, from the runtime's `Status` conditions and the CNI plugins'
/// STATUS: the inputs of the node's Ready condition.
struct NodeHealth: Sendable, Equatable {
    /// Why the runtime is not ready, in the kubelet's words ("container runtime not ready:
    /// RuntimeReady=false reason:… message:…", "container runtime is down"); nil when it is.
    var runtimeProblem: String?
    /// Why the pod network is not ready, as the plugin or runtime said it; nil when it is.
    var networkProblem: String?
    /// The network problem in the kubelet's words ("container runtime network not ready:
    /// NetworkReady=false reason:NetworkPluginNotReady message:…").
    var networkMessage: String?

    /// Ready when both are.
    var isReady: Bool { runtimeProblem == nil && networkProblem == nil }

    /// The Ready condition's message in Kubernetes' wording: the problems (one, or several in
    /// brackets joined by ", ", as the kubelet aggregates errors), or that it posts ready status.
    var message: String {
        let problems = [runtimeProblem, networkProblem == nil ? nil : networkMessage ?? networkProblem].compactMap { $0 }
        switch problems.count {
        case 0: return "kubelet is posting ready status"
        case 1: return problems[0]
        default: return "[\(problems.joined(separator: ", "))]"
        }
    }

    /// Reads the runtime conditions and the CNI status. A runtime without a NetworkReady
    /// condition leaves network readiness to the CNI chain (the kubelet drives CNI itself here).
    /// - Parameters:
    ///   - runtimeError: why the `Status` call failed, when it did.
    ///   - runtimeAnswered: whether `Status` ever answered (before that the kubelet says the
    ///     check "may not have completed yet", after it that the runtime "is down").
    static func assess(runtimeConditions: [String: RuntimeCondition]?, runtimeError: String?, cniProblem: String?,
                       runtimeAnswered: Bool = true) -> NodeHealth {
        var health = NodeHealth()
        if runtimeError != nil {
            health.runtimeProblem = runtimeAnswered ? "container runtime is down" : "container runtime status check may not have completed yet"
        } else if let conditions = runtimeConditions {
            if let network = conditions["NetworkReady"], !network.status {
                health.networkProblem = "runtime: reason:\(network.reason) message:\(network.message)"
                health.networkMessage = "container runtime network not ready: \(describe("NetworkReady", network))"
            }
            if let ready = conditions["RuntimeReady"] {
                if !ready.status { health.runtimeProblem = "container runtime not ready: \(describe("RuntimeReady", ready))" }
            } else {
                health.runtimeProblem = "container runtime not ready: <nil>"
            }
        }
        if health.networkProblem == nil, let cniProblem {
            health.networkProblem = cniProblem
            health.networkMessage = "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: \(cniProblem)"
        }
        return health
    }

    /// A runtime condition as the kubelet prints it: "RuntimeReady=false reason:R message:M".
    static func describe(_ type: String, _ condition: RuntimeCondition) -> String {
        "\(type)=\(condition.status) reason:\(condition.reason) message:\(condition.message)"
    }
}
