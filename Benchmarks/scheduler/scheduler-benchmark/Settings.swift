import Foundation

/// Fails the benchmark with a message.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SchedulerBenchmark: \(message)\n".utf8))
    exit(1)
}

/// Writes a progress line to standard error.
func note(_ message: String) {
    FileHandle.standardError.write(Data("SchedulerBenchmark: \(message)\n".utf8))
}

/// What the command line asked for.
struct Settings {
    /// `measure` (one scenario, one Markdown row), `writes` (the store's write rate alone),
    /// `crossing` (one pod crossing the ABI alone) or
    /// `header` (the table header for `measure` rows).
    var mode = "measure"
    /// The scheduler bundle (`libdefault-scheduler.so`).
    var bundle = ""
    /// Nodes created before pods.
    var nodes = 5000
    /// Pods created and bound before measuring.
    var initial = 1000
    /// Pods measured.
    var pods = 10000
    /// basic, anti-affinity or spread.
    var workload = Workload.basic
    /// percentageOfNodesToScore; nil leaves it unset (Kubernetes' adaptive rule).
    var percentage: Int? = 100
    /// sqlite (a temporary file, durable writes) or memory.
    var store = "sqlite"
    /// Concurrent tasks creating pods.
    var creators = 8
    /// Zones the nodes are spread over (topology.kubernetes.io/zone).
    var zones = 10
    /// Objects written in `writes` mode.
    var writes = 2000

    /// Reads `arguments` (without the program name).
    init(_ arguments: [String]) {
        var rest = arguments[...]
        if let first = rest.first, !first.hasPrefix("--") {
            mode = first
            rest = rest.dropFirst()
        }
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            func number() -> Int {
                guard let number = Int(value), number >= 0 else { fail("\(flag): not a count: \(value)") }
                return number
            }
            switch flag {
            case "--bundle": bundle = value
            case "--nodes": nodes = number()
            case "--initial": initial = number()
            case "--pods": pods = number()
            case "--creators": creators = max(1, number())
            case "--zones": zones = max(1, number())
            case "--writes": writes = number()
            case "--store":
                guard value == "sqlite" || value == "memory" else { fail("--store: sqlite or memory, not \(value)") }
                store = value
            case "--percentage":
                if value == "adaptive" {
                    percentage = nil
                } else {
                    let number = number()
                    guard number <= 100 else { fail("--percentage: 0...100 or adaptive, not \(value)") }
                    percentage = number == 0 ? nil : number
                }
            case "--workload":
                guard let workload = Workload(rawValue: value) else { fail("--workload: basic, anti-affinity or spread, not \(value)") }
                self.workload = workload
            default: fail("unknown option \(flag)")
            }
        }
        if mode == "measure" || mode == "crossing", bundle.isEmpty { fail("--bundle PATH (libdefault-scheduler.so) is required") }
    }

    /// The anti-affinity workload's label groups: pods of one `color` repel each other per
    /// node, so each group must stay within the node count; twice as many groups as strictly
    /// needed keep every group on at most half the nodes.
    var colors: Int { max(1, (2 * (initial + pods) + nodes - 1) / max(1, nodes)) }
}
