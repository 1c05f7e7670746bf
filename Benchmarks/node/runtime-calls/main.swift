// RuntimeCallsBenchmark (Benchmarks/node/runtime-calls): the cost of CRI calls into a runtime
// plugin through the kernel's loader and the plugin ABI, each against the bare ABI crossing
// (`Version`) measured in the same run.
//
//     RuntimeCallsBenchmark RUNTIME [--plugin-dir DIR] [--pods N] [--rounds N]
//
// Loads lib<RUNTIME>.so (from DIR, default the folder of this executable, where SwiftPM puts
// every product) with PluginLoader, creates one instance with PluginInstance (the kubelet's
// path: calls hop onto the instance's serial queue), and drives it with RuntimePluginClient.
// Prints a Markdown table on stdout. Exit status 3 when the library is not there.
import Foundation
import Kernel

/// The command line synopsis.
let usage = "usage: RuntimeCallsBenchmark RUNTIME [--plugin-dir DIR] [--pods N] [--rounds N]"
/// The arguments not yet read.
var arguments = Array(CommandLine.arguments.dropFirst())
/// The runtime plugin's name (`lib<runtime>.so`).
var runtime: String?
/// Where `lib<runtime>.so` is looked for: `--plugin-dir`, else this executable's folder.
var pluginDirectory = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? CommandLine.arguments[0]).deletingLastPathComponent().path
/// Pods alive at once in a round (`--pods`).
var podsPerRound = 100
/// Timed rounds (`--rounds`).
var rounds = 20

/// Prints `message` on stderr and exits with `status`.
func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

/// `text` as a positive integer, or the usage error for `option`.
func positive(_ text: String, _ option: String) -> Int {
    guard let number = Int(text), number > 0 else { fail("\(option) takes a positive integer") }
    return number
}

while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    func value() -> String {
        guard !arguments.isEmpty else { fail("\(argument) needs a value\n\(usage)") }
        return arguments.removeFirst()
    }
    switch argument {
    case "--plugin-dir": pluginDirectory = value()
    case "--pods": podsPerRound = positive(value(), argument)
    case "--rounds": rounds = positive(value(), argument)
    case "-h", "--help": print(usage); exit(0)
    default:
        if argument.hasPrefix("-") || runtime != nil { fail(usage) }
        runtime = argument
    }
}
guard let runtime else { fail(usage) }

let file = "\(pluginDirectory)/lib\(runtime).so"
guard FileManager.default.fileExists(atPath: file) else {
    fail("runtime-calls: skipping \(runtime): \(file) does not exist (build its product first)", status: 3)
}

// The runtime writes container log files under the sandboxes' log directories: keep them in a
// temporary folder of this run, removed at the end.
let logRoot = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-runtime-calls-\(UUID().uuidString)").path
/// The exit status: 1 when the runtime failed a call.
var status: Int32 = 0
do {
    let plugin = try PluginLoader.load(file: file).get()
    let instance = try await PluginInstance.create(plugin: plugin, config: [:], label: "\(runtime)@bench")
    defer { instance.destroy() }
    let client = RuntimePluginClient(instance)
    let version = try await client.version()
    let identity = "\(version["runtimeName"]?.stringValue ?? "?") \(version["runtimeVersion"]?.stringValue ?? "?")"
    let samples = try await LifecycleBenchmark(client: client, podsPerRound: podsPerRound, rounds: rounds, logRoot: logRoot).run()
    print(CallReport(runtime: runtime, runtimeIdentity: identity, podsPerRound: podsPerRound, rounds: rounds, samples: samples).markdown)
} catch {
    FileHandle.standardError.write(Data("runtime-calls: \(runtime): \(error)\n".utf8))
    status = 1
}
try? FileManager.default.removeItem(atPath: logRoot)
exit(status)
