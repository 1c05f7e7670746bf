import Foundation
@testable import SchedulerKit
import Testing

/// ImageLocality: size × spread, the 23 MiB and 1000 MiB-per-container thresholds, `:latest`.
@Suite struct ImageLocalityTests {
    typealias F = DefaultPluginFixtures
    static let mib: Int64 = 1024 * 1024

    static func images(_ entries: [(String, Int64)]) -> String {
        "[" + entries.map { #"{"names":["\#($0.0)"],"sizeBytes":\#($0.1)}"# }.joined(separator: ",") + "]"
    }

    static func pod(_ images: [String], initImages: [String] = []) throws -> PodInfo {
        let containers = images.enumerated().map { F.container("c\($0.offset)", image: $0.element) }
        let inits = initImages.enumerated().map { F.container("i\($0.offset)", image: $0.element) }
        return PodInfo(try F.pod(F.podJSON("p", spec: #""initContainers":[\#(inits.joined(separator: ","))],"containers":[\#(containers.joined(separator: ","))]"#)))
    }

    @Test func sizeScaledBySpreadBetweenThresholds() throws {
        let snapshot = try F.snapshot(nodes: [
            F.nodeJSON("n1", images: Self.images([("nginx:1.27", 500 * Self.mib), ("tiny:1", 10 * Self.mib)])),
            F.nodeJSON("n2", images: Self.images([("nginx:1.27", 500 * Self.mib), ("tiny:1", 10 * Self.mib)])),
            F.nodeJSON("n3", images: Self.images([("tiny:1", 10 * Self.mib)])),
        ])
        let plugin = try ImageLocality(args: nil, snapshot: snapshot)
        // 500 MiB × 2/3 = 349525333 bytes; 100 × (349525333 − 23 MiB) / (1000 MiB − 23 MiB) = 31.
        #expect(F.score(plugin, try Self.pod(["nginx:1.27"]), snapshot).normalized == [31, 31, 0])
        // Below 23 MiB a node scores 0 even when every node holds the image.
        #expect(F.score(plugin, try Self.pod(["tiny:1"]), snapshot).normalized == [0, 0, 0])
    }

    @Test func maximumGrowsWithTheNumberOfContainers() throws {
        let snapshot = try F.snapshot(nodes: [
            F.nodeJSON("n1", images: Self.images([("big:1", 1000 * Self.mib), ("huge:1", 3000 * Self.mib)])),
        ])
        let plugin = try ImageLocality(args: nil, snapshot: snapshot)
        #expect(F.score(plugin, try Self.pod(["huge:1"]), snapshot).normalized == [100], "clamped at 1000 MiB for one container")
        // Two containers (one of them an init container): 100 × (1000 − 23) / (2000 − 23) = 49.
        #expect(F.score(plugin, try Self.pod(["big:1"], initImages: ["absent:1"]), snapshot).normalized == [49])
        #expect(ImageLocality.priority(0, containers: 0) == 0)
    }

    @Test func untaggedNamesMeanLatest() throws {
        #expect(ImageLocality.normalizedImageName("nginx") == "nginx:latest")
        #expect(ImageLocality.normalizedImageName("localhost:5000/app") == "localhost:5000/app:latest")
        #expect(ImageLocality.normalizedImageName("localhost:5000/app:v2") == "localhost:5000/app:v2")
        #expect(ImageLocality.normalizedImageName("docker.io/library/nginx") == "docker.io/library/nginx:latest")
        let snapshot = try F.snapshot(nodes: [F.nodeJSON("n1", images: Self.images([("nginx:latest", 2000 * Self.mib)]))])
        let plugin = try ImageLocality(args: nil, snapshot: snapshot)
        #expect(F.score(plugin, try Self.pod(["nginx"]), snapshot).normalized == [100])
    }
}
