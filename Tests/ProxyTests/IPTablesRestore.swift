import Foundation

/// Runs Debian's `iptables-restore --test` (and the legacy backend's, which also checks that
/// every jump target exists) on rule text, returning each tool's exit status and messages.
enum IPTablesRestore {
    /// The restore tools found on this machine.
    static var tools: [String] {
        ["/usr/sbin/iptables-restore", "/usr/sbin/iptables-legacy-restore"].filter { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// `tool --test` with `rules` on standard input.
    static func test(_ rules: String, tool: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--test"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(rules.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
