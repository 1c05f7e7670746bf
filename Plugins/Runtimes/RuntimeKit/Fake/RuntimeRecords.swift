import Foundation

/// What the fake engine keeps of a container beyond the shared record: its virtual process
/// plan and run, its filesystem, how it uses resources.
struct FakeContainerDetails: ContainerDetails {
    /// The format the runtime writes the log file in.
    var logFormat: ContainerLogFormat
    /// The sandbox's hostname.
    var hostname: String
    /// What its main process does.
    var plan: ContainerProcess
    /// How it uses CPU and memory (and when it is OOM-killed).
    var usage: ContainerUsage
    /// Extra StartContainer latency from `keelson.dev/start-latency`, in milliseconds.
    var startLatencyMs: Int
    /// The main process while it runs.
    var process: ShellProcess?
    /// When the OOM killer ends it (set at start when its memory outgrows its limit).
    var oomAt: Int64?
    /// Its files.
    var fs: ContainerFilesystem

    /// The plan's argv.
    var argv: [String] { plan.argv }
    /// A virtual process has no pid to report.
    var reportedPID: Int? { nil }
}

/// One container of a fake runtime.
typealias FakeContainerRecord = ContainerRecord<FakeContainerDetails>

/// Everything the runtime knows, guarded by the engine's mutex.
struct RuntimeState: CRIState {
    /// Sandboxes by ID.
    var sandboxes: [String: SandboxRecord] = [:]
    /// Containers by ID.
    var containers: [String: FakeContainerRecord] = [:]
    /// Reserved sandbox and container names → the ID holding them.
    var names: [String: String] = [:]
    /// The images present on the node.
    var images = ImageStore()
    /// The pod CIDR from UpdateRuntimeConfig.
    var podCIDR = ""
}
