import Foundation

/// ImageLocality (Score): favours nodes that already hold the pod's images. Each container's and
/// init container's image present on the node adds its size × its spread (the share of all
/// nodes holding it, against piling pods on the few nodes that have an image); the sum is clamped
/// between 23 MiB and 1000 MiB × the number of containers and scaled to 0...100. Image names are
/// matched as Kubernetes matches them: a name without a tag gets `:latest`, nothing else is
/// rewritten (a registry prefix such as `docker.io/library/` must be written the way the node
/// reports it). The batched Score works out the pod's image names and their spread once, and
/// looks at no node when no node holds any of them (every node scores 0).
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

    /// The pod's images as Score weighs them.
    struct PodImages {
        /// Each container's normalized image name with its spread (share of nodes holding it).
        var images: [(name: String, spread: Double)]
        /// How many containers and init containers the pod has.
        var containers: Int
    }

    /// The image score of `node`.
    func score(_ state: CycleState, _ pod: PodInfo, _ node: NodeInfo) -> (Int64, FrameworkStatus) {
        (score(podImages(pod), node), .success)
    }

    /// The batched Score: the pod's images are worked out once.
    func score(_ state: CycleState, _ pod: PodInfo, nodes: NodeBatch, into scores: inout [Int64]) -> FrameworkStatus {
        let images = podImages(pod)
        if images.images.allSatisfy({ $0.spread == 0 }) {
            let none = Self.priority(0, containers: images.containers)
            for position in nodes.indices { scores[position] = none }
            return .success
        }
        for position in nodes.indices { scores[position] = score(images, nodes[position]) }
        return .success
    }

    /// The 0...100 score of `node` for the pod's `images`.
    private func score(_ images: PodImages, _ node: NodeInfo) -> Int64 {
        var sum: Int64 = 0
        if !node.images.isEmpty {
            for image in images.images where image.spread > 0 {
                guard let size = node.images[image.name] else { continue }
                sum += Int64(Double(size) * image.spread)
            }
        }
        return Self.priority(sum, containers: images.containers)
    }

    /// The pod's normalized image names (init containers first) and their spread now.
    func podImages(_ pod: PodInfo) -> PodImages {
        let spec = pod.pod.spec
        let containers = (spec?.initContainers ?? []) + (spec?.containers ?? [])
        let totalNodes = snapshot.indexByName.count
        let images = containers.map { container in
            let name = Self.normalizedImageName(container.image ?? "")
            let holders = snapshot.imageNodeCounts[name, default: 0]
            return (name: name, spread: totalNodes > 0 ? Double(holders) / Double(totalNodes) : 0)
        }
        return PodImages(images: images, containers: containers.count)
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
