import Foundation

/// The format of a container's log file.
enum ContainerLogFormat: Sendable {
    /// The CRI log format the kubelet reads (containerd, CRI-O):
    /// `<RFC3339 time with ns> <stdout|stderr> <F|P> <text>`, one line per output line, `P` for a
    /// partial line (output that did not end in a newline).
    case cri
    /// Docker's json-file log driver (cri-dockerd links the kubelet's path to it): one JSON
    /// object per output line, `{"log":"hi\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}`,
    /// the `log` without its trailing newline for a partial line; times in Go's RFC3339Nano
    /// (trailing zeros of the fraction dropped).
    case dockerJSONFile

    /// The file lines for `chunks`.
    func render(_ chunks: [OutputChunk]) -> String {
        var text = ""
        for chunk in chunks {
            var lines = String(decoding: chunk.data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let partial = lines.last.map { !$0.isEmpty } ?? false
            if !partial { lines.removeLast() }
            for (n, line) in lines.enumerated() {
                let isPartial = partial && n == lines.count - 1
                switch self {
                case .cri:
                    text += "\(ContainerLog.timestamp(chunk.time)) \(chunk.stream.rawValue) \(isPartial ? "P" : "F") \(line)\n"
                case .dockerJSONFile:
                    let log = ContainerLog.jsonString(isPartial ? String(line) : line + "\n")
                    text += "{\"log\":\(log),\"stream\":\"\(chunk.stream.rawValue)\",\"time\":\"\(ContainerLog.goTimestamp(chunk.time))\"}\n"
                }
            }
        }
        return text
    }
}

/// Writes a container's output to its log file in its runtime's format.
enum ContainerLog {
    /// Appends `chunks` to the file at `path` (creating it and its directory); a write error is
    /// dropped, as a runtime keeps running when its log disk fails.
    static func append(_ chunks: [OutputChunk], to path: String, format: ContainerLogFormat = .cri) {
        guard !path.isEmpty, !chunks.isEmpty else { return }
        let text = format.render(chunks)
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
        let (seconds, fraction) = parts(nanoseconds)
        return seconds + "." + String(repeating: "0", count: 9 - fraction.count) + fraction + "Z"
    }

    /// Go's RFC3339Nano: "2024-05-01T10:00:00.1234Z" (trailing zeros dropped, no fraction when zero).
    static func goTimestamp(_ nanoseconds: Int64) -> String {
        let (seconds, fraction) = parts(nanoseconds)
        var digits = Substring(String(repeating: "0", count: 9 - fraction.count) + fraction)
        while digits.last == "0" { digits = digits.dropLast() }
        return digits.isEmpty ? seconds + "Z" : seconds + "." + digits + "Z"
    }

    private static func parts(_ nanoseconds: Int64) -> (String, String) {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let whole = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec)
        return (whole, String(nanoseconds % 1_000_000_000))
    }

    /// `text` as a JSON string the way Docker's json-file driver writes it (`<`, `>` and `&`
    /// escaped as `\u003c`, `\u003e`, `\u0026`, as Go's encoder does).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }

    /// The log path of a container: the sandbox's log directory joined with the container's path.
    static func path(directory: String?, file: String?) -> String {
        guard let file, !file.isEmpty else { return "" }
        if file.hasPrefix("/") { return file }
        guard let directory, !directory.isEmpty else { return "" }
        return (directory as NSString).appendingPathComponent(file)
    }
}
