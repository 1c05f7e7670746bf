import Foundation

extension StatusResponse {
    /// The Status answer of a runtime that is always ready: RuntimeReady true, NetworkReady as
    /// configured (false with the reason containerd gives before CNI is set up), the given
    /// `info` and runtime handlers (none with special features).
    static func ready(network: Bool, info: [String: String], handlers: [String]) -> StatusResponse {
        let conditions = [
            RuntimeCondition(type: "RuntimeReady", status: true, reason: "", message: ""),
            RuntimeCondition(type: "NetworkReady", status: network,
                             reason: network ? "" : "NetworkPluginNotReady",
                             message: network ? "" : "Network plugin returns error: cni plugin not initialized"),
        ]
        return StatusResponse(
            status: RuntimeStatus(conditions: conditions), info: info,
            runtimeHandlers: handlers.map {
                RuntimeHandler(name: $0, features: RuntimeHandlerFeatures(recursiveReadOnlyMounts: false, userNamespaces: false))
            },
            features: RuntimeFeatures(supplementalGroupsPolicy: false))
    }
}
