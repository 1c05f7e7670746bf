import Foundation

/// Writes a container's output to its log file in the CRI log format the kubelet reads:
/// `<RFC3339 time with ns> <stdout|stderr> <F|P> <text>`, one line per output line, `P` for a
/// partial line (output that did not end in a newline).
enum ContainerLog {
    /// Appends `chunks` to the file at `path` (creating it and its directory); a write error is
    /// dropped, as a runtime keeps running when its log disk fails.
    static func append(_ chunks: [OutputChunk], to path: String) {
        guard !path.isEmpty, !chunks.isEmpty else { return }
        var text = ""
        for chunk in chunks {
            let stamp = timestamp(chunk.time)
            var lines = String(decoding: chunk.data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let partial = lines.last.map { !$0.isEmpty } ?? false
            if !partial { lines.removeLast() }
            for (n, line) in lines.enumerated() {
                let tag = partial && n == lines.count - 1 ? "P" : "F"
                text += "\(stamp) \(chunk.stream.rawValue) \(tag) \(line)\n"
            }
        }
        let manager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if !manager.fileExists(atPath: path) { _ = manager.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    /// "2024-05-01T10:00:00.123456789Z".
    static func timestamp(_ nanoseconds: Int64) -> String {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fraction = String(nanoseconds % 1_000_000_000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
            + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }

    /// The log path of a container: the sandbox's log directory joined with the container's path.
    static func path(directory: String?, file: String?) -> String {
        guard let file, !file.isEmpty else { return "" }
        if file.hasPrefix("/") { return file }
        guard let directory, !directory.isEmpty else { return "" }
        return (directory as NSString).appendingPathComponent(file)
    }
}
