/// How one container uses CPU and memory over its run, from its image's profile, its
/// annotations and its CRI resources: CPU at a steady rate (capped by the CPU quota), a working
/// set that starts at a base and grows linearly; past the memory limit the kernel's OOM killer
/// ends the container.
struct ContainerUsage: Sendable, Equatable {
    /// CPU use while running, in nanocores.
    var cpuNanoCores: UInt64
    /// The working set at start, in bytes.
    var baseBytes: UInt64
    /// Working-set growth, in bytes per second.
    var growthBytesPerSecond: UInt64
    /// CRI `memoryLimitInBytes`; 0 for none.
    var memoryLimit: UInt64

    /// The usage of a container of `profile`'s image with these annotations and resources.
    init(profile: UsageProfile, annotations: ContainerAnnotations, resources: LinuxContainerResources?) {
        var cpu = annotations.cpuNanoCores ?? profile.cpuNanoCores
        if let quota = resources?.cpuQuota?.value, let period = resources?.cpuPeriod?.value, quota > 0, period > 0 {
            cpu = min(cpu, UInt64(quota) * 1_000_000_000 / UInt64(period))
        }
        cpuNanoCores = cpu
        baseBytes = annotations.workingSetBytes ?? profile.workingSetBytes
        growthBytesPerSecond = annotations.growthBytesPerSecond
        memoryLimit = UInt64(max(resources?.memoryLimitInBytes?.value ?? 0, 0))
    }

    /// The working set after running `elapsed` nanoseconds (never above the limit).
    func workingSet(after elapsed: Int64) -> UInt64 {
        let grown = Double(growthBytesPerSecond) * Double(max(elapsed, 0)) / 1e9
        let total = Double(baseBytes) + grown
        let capped = memoryLimit > 0 ? min(total, Double(memoryLimit)) : total
        return capped >= Double(UInt64.max) ? UInt64.max : UInt64(capped)
    }

    /// Cumulative CPU time after running `elapsed` nanoseconds, in core-nanoseconds.
    func cpuTime(after elapsed: Int64) -> UInt64 {
        let product = cpuNanoCores.multipliedFullWidth(by: UInt64(max(elapsed, 0)))
        return UInt64(1_000_000_000).dividingFullWidth(product).quotient
    }

    /// When a container started at `startedAt` outgrows its memory limit; nil when it never does.
    func oomTime(startedAt: Int64) -> Int64? {
        guard memoryLimit > 0 else { return nil }
        if baseBytes >= memoryLimit { return startedAt }
        guard growthBytesPerSecond > 0 else { return nil }
        let seconds = Double(memoryLimit - baseBytes) / Double(growthBytesPerSecond)
        return startedAt + Int64((seconds * 1e9).rounded(.up))
    }
}
