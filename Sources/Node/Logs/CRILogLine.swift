/// One line of a CRI log file: `<RFC3339Nano time> <stdout|stderr> <F|P> <text>`.
struct CRILogLine: Sendable, Equatable {
    /// The time as written, "2024-05-01T10:00:00.123456789Z".
    let time: String
    /// "stdout" or "stderr".
    let stream: String
    /// Whether the line is a partial (`P`) fragment continued by the next line of the stream.
    let partial: Bool
    /// The text after the tag, without the line break.
    let text: String

    /// A line from its parts (a Docker JSON line read as a CRI one).
    init(time: String, stream: String, partial: Bool, text: String) {
        self.time = time
        self.stream = stream
        self.partial = partial
        self.text = text
    }

    /// Parses one line (without its newline); nil for a line not in the CRI format.
    init?(_ line: Substring) {
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[1] == "stdout" || parts[1] == "stderr", let tag = parts[2].first else { return nil }
        time = String(parts[0])
        stream = String(parts[1])
        partial = tag == "P"
        text = parts.count == 4 ? String(parts[3]) : ""
    }

    /// The time in nanoseconds since the epoch, nil when it does not parse.
    var nanoseconds: Int64? { LogTime.nanoseconds(time) }
}

/// A logical log line: consecutive `P` fragments of one stream joined with the `F` that ends them.
struct LogEntry: Sendable, Equatable {
    /// The time of the first fragment, as written.
    let time: String
    /// "stdout" or "stderr".
    let stream: String
    /// The whole line's text.
    let text: String

    /// The line as `kubectl logs` shows it: the text, with the time in front when asked.
    func rendered(timestamps: Bool) -> String {
        timestamps ? "\(time) \(text)\n" : "\(text)\n"
    }
}

/// Joins `P` fragments into whole entries as lines arrive; a fragment still open stays pending.
struct PartialLineJoiner: Sendable {
    private var open: [String: (time: String, text: String)] = [:]

    /// Feeds one parsed line; returns the entry it completes, if any.
    mutating func feed(_ line: CRILogLine) -> LogEntry? {
        let started = open[line.stream]
        let time = started?.time ?? line.time
        let text = (started?.text ?? "") + line.text
        if line.partial {
            open[line.stream] = (time, text)
            return nil
        }
        open[line.stream] = nil
        return LogEntry(time: time, stream: line.stream, text: text)
    }
}
