/// Whether the node can run pods, from the runtime's `Status` conditions and the CNI plugins'
/// STATUS: the inputs of the node's Ready condition.
struct NodeHealth: Sendable, Equatable {
    /// Why the runtime is not ready; nil when it is.
    var runtimeProblem: String?
    /// Why the pod network is not ready; nil when it is.
    var networkProblem: String?

    /// Ready when both are.
    var isReady: Bool { runtimeProblem == nil && networkProblem == nil }

    /// The Ready condition's message in Kubernetes' wording.
    var message: String {
        if let runtimeProblem { return "container runtime is down: \(runtimeProblem)" }
        if let networkProblem { return "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:\(networkProblem)" }
        return "kubelet is posting ready status"
    }

    /// Reads the runtime conditions and the CNI status. A runtime without a NetworkReady
    /// condition leaves network readiness to the CNI chain (the kubelet drives CNI itself here).
    static func assess(runtimeConditions: [String: RuntimeCondition]?, runtimeError: String?, cniProblem: String?) -> NodeHealth {
        var health = NodeHealth()
        if let runtimeError {
            health.runtimeProblem = runtimeError
        } else if let conditions = runtimeConditions {
            if let ready = conditions["RuntimeReady"] {
                if !ready.status { health.runtimeProblem = "RuntimeReady=false reason:\(ready.reason) message:\(ready.message)" }
            } else {
                health.runtimeProblem = "the runtime reports no RuntimeReady condition"
            }
            if let network = conditions["NetworkReady"], !network.status {
                health.networkProblem = "runtime: reason:\(network.reason) message:\(network.message)"
            }
        }
        if health.networkProblem == nil, let cniProblem { health.networkProblem = cniProblem }
        return health
    }
}
