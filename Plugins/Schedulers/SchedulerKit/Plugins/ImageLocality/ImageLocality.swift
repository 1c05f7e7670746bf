import Foundation

/// ImageLocality (Score): favours nodes that already hold the pod's images. Each container's and
/// init container's image present on the node adds its size × its spread (the share of all
/// nodes holding it, against piling pods on the few nodes that have an image); the sum is clamped
/// between 23 MiB and 1000 MiB × the number of containers and scaled to 0...100. Image names are
/// matched as Kubernetes matches them: a name without a tag gets `:latest`, nothing else is
/// rewritten (a registry prefix such as `docker.io/library/` must be written the way the node
/// reports it).
final class ImageLocality: ScorePlugin {
    /// The name profiles use.
    static let name = "ImageLocality"
    /// One MiB.
    static let mb: Int64 = 1024 * 1024
    /// Below this sum, a node scores 0.
    static let minThreshold: Int64 = 23 * mb
    /// Per container, the sum at which a node scores 100.
    static let maxContainerThreshold: Int64 = 1000 * mb

    /// The bundle's snapshot (how many nodes there are and hold each image).
    let snapshot: Snapshot

    /// ImageLocality takes no args.
    init(args: Data?, snapshot: Snapshot) throws {
        self.snapshot = snapshot
    }

    /// The image score of `node`.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        let spec = pod.pod.spec
        let containers = (spec?.initContainers ?? []) + (spec?.containers ?? [])
        let totalNodes = snapshot.nodes.count
        var sum: Int64 = 0
        for container in containers {
            let name = Self.normalizedImageName(container.image ?? "")
            guard let size = node.images[name], totalNodes > 0 else { continue }
            let spread = Double(snapshot.imageNodeCounts[name, default: 0]) / Double(totalNodes)
            sum += Int64(Double(size) * spread)
        }
        return (Self.priority(sum, containers: containers.count), .success)
    }

    /// The 0...100 score of a summed image score for a pod with `containers` containers.
    static func priority(_ sum: Int64, containers: Int) -> Int64 {
        let maxThreshold = maxContainerThreshold * Int64(max(containers, 1))
        let clamped = min(max(sum, minThreshold), maxThreshold)
        return NodeScore.max * (clamped - minThreshold) / (maxThreshold - minThreshold)
    }

    /// `name` with `:latest` appended when it has no tag (no ":" after the last "/").
    static func normalizedImageName(_ name: String) -> String {
        let lastColon = name.lastIndex(of: ":").map { name.distance(from: name.startIndex, to: $0) } ?? -1
        let lastSlash = name.lastIndex(of: "/").map { name.distance(from: name.startIndex, to: $0) } ?? -1
        return lastColon <= lastSlash ? name + ":latest" : name
    }
}
