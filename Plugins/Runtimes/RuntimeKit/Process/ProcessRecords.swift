import Foundation

/// What the `process` runtime keeps of a container beyond the shared record: how to start it
/// and, while it runs, its process.
struct ProcessContainerDetails: ContainerDetails {
    /// The argv as given (argv[0] resolved at start).
    var argv: [String]
    /// The working directory its processes start in.
    var workingDir: String
    /// The main process while it runs (and until its exit is recorded).
    var process: ChildProcess?
    /// ExecSync processes running in the container.
    var execs: [ChildProcess] = []
    /// The last CPU sample (time, cumulative CPU ns) for the usage rate.
    var lastCPU: (time: Int64, usage: UInt64)?

    /// The main process's pid, 0 when none runs.
    var reportedPID: Int? { process.map { Int($0.pid) } ?? 0 }
}

/// One container of the `process` runtime and, while it runs, its process.
typealias ProcessContainerRecord = ContainerRecord<ProcessContainerDetails>

/// Everything the `process` runtime knows, guarded by its engine's mutex.
struct ProcessRuntimeState: CRIState {
    /// Sandboxes by ID.
    var sandboxes: [String: SandboxRecord] = [:]
    /// Containers by ID.
    var containers: [String: ProcessContainerRecord] = [:]
    /// Reserved sandbox and container names → the ID holding them.
    var names: [String: String] = [:]
    /// The images the runtime has "pulled".
    var images = ProcessImages()
    /// The pod CIDR from UpdateRuntimeConfig.
    var podCIDR = ""
    /// Set when the instance is being destroyed: nothing new starts.
    var closed = false
}
