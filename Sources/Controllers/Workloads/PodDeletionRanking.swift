import Foundation
import Kernel

/// Which pods a ReplicaSet removes first when it scales down, Kubernetes' ranking:
/// 1. not yet scheduled before scheduled;
/// 2. Pending before Unknown before Running;
/// 3. not Ready before Ready;
/// 4. pods sharing a node with more of their siblings before lonelier ones;
/// 5. lower `controller.kubernetes.io/pod-deletion-cost` first;
/// 6. Ready for a shorter time first;
/// 7. more container restarts first;
/// 8. newer before older.
public enum PodDeletionRanking {
    /// The annotation that lets users steer which pods go first.
    public static let deletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost"

    /// The pods in deletion order (first to delete first). `related` are the pods whose
    /// co-location counts (the owner's own pods, or all pods of a Deployment's ReplicaSets).
    public static func order(_ pods: [JSONValue], related: [JSONValue]) -> [JSONValue] {
        var perNode: [String: Int] = [:]
        for pod in related where pod.isActivePod {
            if let node = pod.podNodeName { perNode[node, default: 0] += 1 }
        }
        let ranked = pods.map { pod in (pod: pod, rank: pod.podNodeName.flatMap { perNode[$0] } ?? 0) }
        return ranked.sorted { deleteFirst($0.pod, rank: $0.rank, before: $1.pod, rank: $1.rank) }.map(\.pod)
    }

    /// The first `count` pods to delete.
    public static func choose(_ count: Int, from pods: [JSONValue], related: [JSONValue]) -> [JSONValue] {
        Array(order(pods, related: related).prefix(max(0, count)))
    }

    private static func phaseRank(_ pod: JSONValue) -> Int {
        switch pod.podPhase {
        case "Pending": 0
        case "Unknown": 1
        case "Running": 2
        default: 3
        }
    }

    private static func deletionCost(_ pod: JSONValue) -> Int64 {
        pod.annotations[deletionCostAnnotation].flatMap { Int64($0) } ?? 0
    }

    static func deleteFirst(_ a: JSONValue, rank rankA: Int, before b: JSONValue, rank rankB: Int) -> Bool {
        let assignedA = a.podNodeName != nil
        let assignedB = b.podNodeName != nil
        if assignedA != assignedB { return !assignedA }
        let phaseA = phaseRank(a)
        let phaseB = phaseRank(b)
        if phaseA != phaseB { return phaseA < phaseB }
        let readyA = a.isPodReady
        let readyB = b.isPodReady
        if readyA != readyB { return !readyA }
        if rankA != rankB { return rankA > rankB }
        let costA = deletionCost(a)
        let costB = deletionCost(b)
        if costA != costB { return costA < costB }
        if readyA && readyB, let sinceA = a.podReadySince, let sinceB = b.podReadySince, sinceA != sinceB {
            return sinceA > sinceB
        }
        let restartsA = a.podRestartCount
        let restartsB = b.podRestartCount
        if restartsA != restartsB { return restartsA > restartsB }
        let createdA = a.creationDate ?? .distantPast
        let createdB = b.creationDate ?? .distantPast
        if createdA != createdB { return createdA > createdB }
        return (a.name ?? "") > (b.name ?? "")
    }
}
