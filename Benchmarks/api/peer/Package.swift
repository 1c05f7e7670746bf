// swift-tools-version:6.0
// The benchmark's fair peer: a bare Hummingbird server that answers from memory. Built on its
// own (Benchmarks/api/run builds it), so the root package never depends on it.
import PackageDescription

let package = Package(
    name: "BarePeer",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.0.0"),
    ],
    targets: [
        .executableTarget(
            name: "BarePeer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
    ]
)
