import APIServer
import Kernel
import Node
import Testing

/// The node heartbeat Lease in kube-node-lease, now that the API serves coordination.k8s.io.
@Suite("kubelet: node lease")
struct KubeletLeaseTests {
    @Test func createsAndRenewsTheNodeLease() async throws {
        try await KubeletHarness.with { harness in
            let first = try await harness.eventually("the node lease") {
                try? await harness.api.get(.leases, namespace: "kube-node-lease", name: harness.nodeName)
            }
            #expect(first[path: "spec", "holderIdentity"] == .string(harness.nodeName))
            #expect(first[path: "spec", "leaseDurationSeconds"] == 40)
            let node = try await harness.api.get(.nodes, namespace: "", name: harness.nodeName)
            #expect(first[path: "metadata", "ownerReferences"]?.arrayValue?.first?["uid"] == node[path: "metadata", "uid"])
            let renewed = try await harness.eventually("a renewal") {
                let lease = try? await harness.api.get(.leases, namespace: "kube-node-lease", name: harness.nodeName)
                let time = lease?[path: "spec", "renewTime"]?.stringValue
                return time != first[path: "spec", "renewTime"]?.stringValue ? time : nil
            }
            #expect(renewed > first[path: "spec", "renewTime"]?.stringValue ?? "")
        }
    }
}
