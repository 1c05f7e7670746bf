import Foundation
import Glibc
import Synchronization

/// A running container's log file in the CRI log format (`<RFC3339Nano> stdout F text`):
/// output is cut into lines per stream; a line longer than `maxLine` bytes is written in `P`
/// (partial) pieces, and output left without a final newline when the stream ends is one last
/// `P` line. Both reader threads write through it; each batch of lines is one `write(2)` on an
/// `O_APPEND` descriptor, so lines never interleave.
final class ProcessLogFile: Sendable {
    /// The longest line written in one piece (containerd's default buffer is 16 KiB).
    static let maxLine = 16 * 1024

    private struct State {
        var fd: Int32
        var pending: [ChildProcess.Stream: [UInt8]] = [:]
    }

    private let state: Mutex<State>

    /// Opens (creating it and its folder) the file at `path`; an empty path discards output.
    init(path: String) {
        var fd: Int32 = -1
        if !path.isEmpty {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        }
        state = Mutex(State(fd: fd))
    }

    /// Adds a chunk of a stream's output; writes every line it completes.
    func append(_ stream: ChildProcess.Stream, _ bytes: [UInt8]) {
        state.withLock { state in
            guard state.fd >= 0 else { return }
            var buffer = (state.pending[stream] ?? []) + bytes
            var text: [UInt8] = []
            let stamp = Array(ContainerLog.timestamp(Identifiers.now()).utf8)
            func line(_ tag: String, _ content: ArraySlice<UInt8>) {
                text.append(contentsOf: stamp)
                text.append(contentsOf: " \(stream.rawValue) \(tag) ".utf8)
                text.append(contentsOf: content)
                text.append(10)
            }
            var start = 0
            var index = 0
            while index < buffer.count {
                if buffer[index] == 10 {
                    line("F", buffer[start..<index])
                    start = index + 1
                } else if index - start + 1 >= Self.maxLine {
                    line("P", buffer[start...index])
                    start = index + 1
                }
                index += 1
            }
            buffer.removeFirst(start)
            state.pending[stream] = buffer
            Self.write(text, to: state.fd)
        }
    }

    /// Writes what is left without a newline as `P` lines and closes the file.
    func close() {
        state.withLock { state in
            guard state.fd >= 0 else { return }
            let stamp = ContainerLog.timestamp(Identifiers.now())
            for stream in [ChildProcess.Stream.stdout, .stderr] {
                guard let rest = state.pending[stream], !rest.isEmpty else { continue }
                var line = Array("\(stamp) \(stream.rawValue) P ".utf8)
                line.append(contentsOf: rest)
                line.append(10)
                Self.write(line, to: state.fd)
            }
            state.pending = [:]
            _ = Glibc.close(state.fd)
            state.fd = -1
        }
    }

    /// Writes all of `bytes`; a failing log disk drops output rather than stopping the container.
    private static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
