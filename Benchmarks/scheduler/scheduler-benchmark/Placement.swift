import APIServer
import Kernel

/// Checks, once after the measurement (outside the timed window), that the workload's
/// constraint held: no two pods of one `color` on a node (anti-affinity), zones within a skew of
/// 1 (spread). Returns a short verdict for standard error.
enum Placement {
    /// Lists the pods once and checks the workload's constraint.
    static func check(_ api: ClusterAPI, workload: Workload, nodes: Int, zones: Int) async throws -> String {
        let pods = try await api.list(.pods, namespace: "default", labelSelector: [:]).items
        var perNodeColor: [String: Int] = [:]
        var perZone = [Int](repeating: 0, count: zones)
        for pod in pods {
            guard let node = pod[path: "spec", "nodeName"]?.stringValue, !node.isEmpty else { return "\(pods.count) pods listed, one unbound" }
            let color = pod[path: "metadata", "labels", "color"]?.stringValue ?? ""
            perNodeColor[node + "/" + color, default: 0] += 1
            if let index = Int(node.dropFirst("node-".count)), index < nodes { perZone[index % zones] += 1 }
        }
        switch workload {
        case .basic:
            return "\(pods.count) pods bound"
        case .antiAffinity:
            let worst = perNodeColor.values.max() ?? 0
            return "\(pods.count) pods bound; most pods of one color on one node: \(worst)" + (worst > 1 ? " (ANTI-AFFINITY VIOLATED)" : " (held)")
        case .spread:
            let skew = (perZone.max() ?? 0) - (perZone.min() ?? 0)
            return "\(pods.count) pods bound; pods per zone \(perZone), skew \(skew)" + (skew > 1 ? " (SPREAD VIOLATED)" : " (held)")
        }
    }
}
