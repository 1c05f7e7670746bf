import Foundation

/// Opens a candidate library in a child process before the host loads it, so a library that
/// crashes or hangs in its constructors or entry point is reported and skipped instead of
/// taking the cluster down. The child is this same program run with `arguments` + the file; it
/// loads the file with `PluginLoader` and exits 0 whatever the verdict (the host then loads it
/// itself and reaches the same verdict); only a crash or a hang is the probe's to report.
public struct PluginProbe: Sendable {
    /// The program to run, normally the `keelson` binary itself.
    public let executable: String
    /// Arguments before the file, `["plugins", "probe"]`.
    public let arguments: [String]
    /// How long a library may take to load.
    public let timeout: Duration

    /// Creates a probe.
    public init(executable: String, arguments: [String], timeout: Duration = .seconds(10)) {
        self.executable = executable
        self.arguments = arguments
        self.timeout = timeout
    }

    /// nil when the child survived loading `file`; otherwise the rejection.
    public func check(_ file: String) -> PluginRejection? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + [file]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil  // No probe possible: fall back to loading in-process.
        }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return PluginRejection(file: file, reason: "did not finish loading within \(timeout): its constructors or entry point hang")
        }
        if process.terminationReason == .uncaughtSignal {
            return PluginRejection(file: file, reason: "crashed while loading (signal \(process.terminationStatus)): its constructors or entry point are broken")
        }
        return nil
    }
}
