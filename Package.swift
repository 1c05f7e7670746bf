// swift-tools-version: 6.0
import PackageDescription

/// A Swift plugin: one folder under Plugins/<Kind>/<name>, built as the dynamic library lib<name>.so.
/// Plugins depend on the ABI header and the PluginSDK only, never on the Kernel or a server library.
/// `kit` names a shared plugin library target (such as RuntimeKit) the plugin builds on.
func plugin(_ product: String, target: String, path: String, kit: Target.Dependency? = nil) -> (Product, Target) {
    (
        .library(name: product, type: .dynamic, targets: [target]),
        .target(
            name: target,
            dependencies: ["PluginABI", "PluginSDK"] + (kit.map { [$0] } ?? []),
            path: path,
            exclude: ["README.md"]
        )
    )
}

let plugins = [
    plugin("default-scheduler", target: "DefaultScheduler", path: "Plugins/Schedulers/default-scheduler", kit: "SchedulerKit"),
    plugin("gang-scheduler", target: "GangScheduler", path: "Plugins/Schedulers/gang-scheduler", kit: "SchedulerKit"),
    plugin("containerd-like", target: "ContainerdLikeRuntime", path: "Plugins/Runtimes/containerd-like", kit: "RuntimeKit"),
    plugin("docker-shim", target: "DockerShimRuntime", path: "Plugins/Runtimes/docker-shim", kit: "RuntimeKit"),
    plugin("cri-o-like", target: "CrioLikeRuntime", path: "Plugins/Runtimes/cri-o-like", kit: "RuntimeKit"),
    plugin("process", target: "ProcessRuntimePlugin", path: "Plugins/Runtimes/process", kit: "RuntimeKit"),
    plugin("host-local", target: "HostLocalCNI", path: "Plugins/CNI/host-local"),
    plugin("bridge-like", target: "BridgeLikeCNI", path: "Plugins/CNI/bridge-like"),
    plugin("exec", target: "ExecCNI", path: "Plugins/CNI/exec"),
    plugin("cluster-dns", target: "ClusterDNS", path: "Plugins/DNS/cluster-dns"),
    plugin("local", target: "LocalCloud", path: "Plugins/CloudProviders/local", kit: "CloudKit"),
    plugin("skyline", target: "SkylineCloud", path: "Plugins/CloudProviders/skyline", kit: "CloudKit"),
    plugin("stratus", target: "StratusCloud", path: "Plugins/CloudProviders/stratus", kit: "CloudKit"),
]

let package = Package(
    name: "keelson",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "keelson", targets: ["keelson"]),
    ] + plugins.map(\.0),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
    ],
    targets: [
        // The C ABI: include/keelson_plugin.h is the whole contract between the host and a plugin.
        .target(name: "PluginABI", path: "Sources/PluginABI"),
        // System libraries reached through tiny shims.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "CFFIShim",
            path: "Sources/CFFIShim",
            linkerSettings: [.linkedLibrary("ffi")]
        ),
        .target(name: "PluginSDK", dependencies: ["PluginABI"], path: "Sources/PluginSDK"),
        // The engine the in-tree runtime plugins share (CRI messages, the fake runtimes); linked
        // into each runtime library, which adds only its entry point.
        .target(
            name: "RuntimeKit",
            dependencies: ["PluginABI", "PluginSDK"],
            path: "Plugins/Runtimes/RuntimeKit",
            exclude: ["README.md"]
        ),
        // The scheduling model, snapshot, framework-plugin protocols and Kubernetes' default
        // plugins the scheduler plugins share; linked into each scheduler library.
        .target(
            name: "SchedulerKit",
            dependencies: ["PluginABI", "PluginSDK"],
            path: "Plugins/Schedulers/SchedulerKit",
            exclude: ["README.md"]
        ),
        // The simulated-cloud engine the in-tree cloud providers share (inventory, faults,
        // addresses, load balancer records, routes); linked into each cloud library.
        .target(
            name: "CloudKit",
            dependencies: ["PluginABI", "PluginSDK"],
            path: "Plugins/CloudProviders/CloudKit",
            exclude: ["README.md"]
        ),
        .target(
            name: "Kernel",
            dependencies: [
                "PluginABI", "CSQLite", "CFFIShim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Kernel"
        ),
        .target(
            name: "APIServer",
            dependencies: [
                "Kernel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/APIServer"
        ),
        .target(
            name: "Controllers",
            dependencies: ["Kernel", .product(name: "Logging", package: "swift-log")],
            path: "Sources/Controllers"
        ),
        .target(
            name: "Node",
            dependencies: [
                "Kernel", .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Sources/Node"
        ),
        // kube-proxy: the Service table, its iptables-save rendering and the loopback data path.
        .target(
            name: "Proxy",
            dependencies: [
                "Kernel", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Proxy",
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "keelson",
            dependencies: [
                "Kernel", "APIServer", "Controllers", "Node", "Proxy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/keelson"
        ),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "PluginABI"], path: "Tests/KernelTests", exclude: ["Fixtures"]),
        .testTarget(name: "APIServerTests", dependencies: ["APIServer", "Kernel"], path: "Tests/APIServerTests"),
        .testTarget(name: "PluginTests", dependencies: ["Kernel", "PluginABI"], path: "Tests/PluginTests"),
        .testTarget(name: "ControllersTests", dependencies: ["Controllers", "Kernel", "APIServer"], path: "Tests/ControllersTests"),
        .testTarget(name: "NodeTests", dependencies: ["Node", "Kernel", "APIServer"], path: "Tests/NodeTests"),
        .testTarget(
            name: "ProxyTests",
            dependencies: ["Proxy", "Kernel", "APIServer", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            path: "Tests/ProxyTests"
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["Kernel"], path: "Tests/EndToEndTests"),
        .testTarget(name: "SchedulerKitTests", dependencies: ["SchedulerKit"], path: "Tests/SchedulerKitTests"),
        .executableTarget(name: "RuntimeCallsBenchmark", dependencies: ["Kernel"], path: "Benchmarks/node/runtime-calls"),
        .executableTarget(name: "ProxyBenchmark", dependencies: ["Kernel", "Proxy"], path: "Benchmarks/proxy/proxy-benchmark"),
        .executableTarget(name: "ControllerBenchmark", dependencies: ["Kernel", "APIServer", "Controllers"], path: "Benchmarks/controllers/controller-benchmark"),
        .executableTarget(name: "SchedulerBenchmark", dependencies: ["Kernel", "APIServer", "Controllers"], path: "Benchmarks/scheduler/scheduler-benchmark"),
    ] + plugins.map(\.1)
)
