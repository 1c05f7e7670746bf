import Foundation

/// One line of a Docker json-file log (what cri-dockerd's containers write):
/// `{"log":"hi\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}`. The kubelet reads
/// these as well as CRI lines; a `log` that does not end in a newline is a partial line, joined
/// with the next line of its stream.
enum DockerJSONLogLine {
    private struct Record: Decodable {
        var log: String
        var stream: String
        var time: String
    }

    /// The line as a `CRILogLine` (time rewritten with nine fraction digits, as the kubelet
    /// shows times); nil when it is not a Docker JSON log line.
    static func parse(_ line: Substring) -> CRILogLine? {
        guard line.first == "{", let record = try? JSONDecoder().decode(Record.self, from: Data(line.utf8)),
              record.stream == "stdout" || record.stream == "stderr",
              let nanoseconds = LogTime.nanoseconds(record.time) else { return nil }
        let partial = !record.log.hasSuffix("\n")
        return CRILogLine(time: LogTime.format(nanoseconds), stream: record.stream, partial: partial,
                          text: partial ? record.log : String(record.log.dropLast()))
    }
}

/// Parses a log line in either format the kubelet accepts: Docker's JSON lines or the CRI format.
enum ContainerLogLine {
    /// The parsed line, nil when it is in neither format.
    static func parse(_ line: Substring) -> CRILogLine? {
        line.first == "{" ? DockerJSONLogLine.parse(line) : CRILogLine(line)
    }
}
