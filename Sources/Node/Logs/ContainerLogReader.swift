import Foundation

/// Reads one container log file (CRI format, or Docker's json-file lines) the way `kubectl logs`
/// shows it: the CRI prefix (or the JSON wrapping) stripped (or just
/// the time kept with `timestamps`), `P` fragments joined, then `sinceTime`, `tailLines` and
/// `limitBytes` applied; with `follow` it keeps reading what is appended until the container
/// is no longer running and the file has nothing more.
struct ContainerLogReader: Sendable {
    /// The log file.
    let path: String
    /// The request's options.
    let options: ContainerLogOptions
    /// How often a followed file is checked for new lines.
    var pollInterval: Duration = .milliseconds(200)

    /// Writes the log through `write`. `isRunning` is asked, while following, whether the
    /// container may still write; once it says no, what is left in the file is sent and the
    /// read ends. Ends early when the task is cancelled or `write` throws (the client left).
    func read(isRunning: @escaping @Sendable () async -> Bool, write: (String) async throws -> Void) async throws {
        var joiner = PartialLineJoiner()
        var budget = options.limitBytes ?? Int.max
        var offset: UInt64 = 0
        var pending = Data()

        /// Sends entries within the byte budget; false once the budget is spent.
        func send(_ entries: [LogEntry]) async throws -> Bool {
            var chunk = ""
            for entry in entries {
                let line = entry.rendered(timestamps: options.timestamps)
                let size = line.utf8.count
                if size >= budget {
                    chunk += String(decoding: Array(line.utf8.prefix(budget)), as: UTF8.self)
                    budget = 0
                    break
                }
                budget -= size
                chunk += line
            }
            if !chunk.isEmpty { try await write(chunk) }
            return budget > 0
        }

        /// Reads what was appended since the last call and returns the whole entries in it.
        func readMore() -> [LogEntry] {
            guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
            defer { try? handle.close() }
            try? handle.seek(toOffset: offset)
            let data = (try? handle.readToEnd()) ?? Data()
            offset += UInt64(data.count)
            pending.append(data)
            guard let lastBreak = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            let complete = pending[pending.startIndex..<lastBreak]
            pending = Data(pending[(lastBreak + 1)...])
            var entries: [LogEntry] = []
            for raw in String(decoding: complete, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                guard let line = ContainerLogLine.parse(raw), let entry = joiner.feed(line) else { continue }
                if let since = options.since, let time = LogTime.nanoseconds(entry.time), time < since { continue }
                entries.append(entry)
            }
            return entries
        }

        var first = readMore()
        if let tail = options.tailLines { first = Array(first.suffix(tail)) }
        guard try await send(first), options.follow else { return }
        while !Task.isCancelled {
            let running = await isRunning()
            let more = readMore()
            guard try await send(more) else { return }
            if !running { return }
            if more.isEmpty { try await Task.sleep(for: pollInterval) }
        }
    }
}
