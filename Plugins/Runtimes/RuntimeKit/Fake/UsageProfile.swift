/// The resource use a fake container shows while it runs: CPU in nanocores (1e9 = one core)
/// and a memory working set in bytes. Each catalogue image has one (its server idling, its shell
/// waiting); pod annotations override them (see `ContainerAnnotations`).
struct UsageProfile: Sendable, Equatable {
    /// CPU use while running, in nanocores.
    var cpuNanoCores: UInt64
    /// Memory working set right after start, in bytes.
    var workingSetBytes: UInt64

    /// The profile of a repository ("docker.io/library/nginx").
    static func of(_ repository: String) -> UsageProfile {
        table[repository] ?? UsageProfile(cpuNanoCores: 1_000_000, workingSetBytes: 8 << 20)
    }

    private static let mib: UInt64 = 1 << 20

    private static let table: [String: UsageProfile] = [
        "docker.io/library/busybox": UsageProfile(cpuNanoCores: 100_000, workingSetBytes: 512 << 10),
        "docker.io/library/alpine": UsageProfile(cpuNanoCores: 100_000, workingSetBytes: 640 << 10),
        "docker.io/library/ubuntu": UsageProfile(cpuNanoCores: 150_000, workingSetBytes: 1 * mib),
        "docker.io/library/debian": UsageProfile(cpuNanoCores: 150_000, workingSetBytes: 1 * mib),
        "docker.io/library/nginx": UsageProfile(cpuNanoCores: 1_000_000, workingSetBytes: 6 * mib),
        "docker.io/library/httpd": UsageProfile(cpuNanoCores: 1_500_000, workingSetBytes: 9 * mib),
        "docker.io/library/python": UsageProfile(cpuNanoCores: 2_000_000, workingSetBytes: 12 * mib),
        "docker.io/library/node": UsageProfile(cpuNanoCores: 3_000_000, workingSetBytes: 40 * mib),
        "docker.io/library/golang": UsageProfile(cpuNanoCores: 500_000, workingSetBytes: 2 * mib),
        "docker.io/library/redis": UsageProfile(cpuNanoCores: 2_500_000, workingSetBytes: 10 * mib),
        "docker.io/library/memcached": UsageProfile(cpuNanoCores: 1_000_000, workingSetBytes: 4 * mib),
        "docker.io/library/postgres": UsageProfile(cpuNanoCores: 5_000_000, workingSetBytes: 38 * mib),
        "docker.io/library/mysql": UsageProfile(cpuNanoCores: 8_000_000, workingSetBytes: 360 * mib),
        "registry.k8s.io/pause": UsageProfile(cpuNanoCores: 0, workingSetBytes: 256 << 10),
    ]
}
