import Kernel
import Logging

/// What the kubelet's parts share: the node's facts, the runtime, the network, the API and the
/// event recorder.
struct KubeletContext: Sendable {
    let node: NodeSpecification
    let runtime: RuntimeService
    let network: CNIChain
    let client: any ObjectClient
    let recorder: EventRecorder
    let identity: RuntimeIdentityCell
    let networkReadiness: NetworkReadiness
    let logger: Logger

    var options: KubeletOptions { node.options }
}
