import Foundation
import PluginSDK

/// One run of a CNI plugin executable as the spec prescribes: the CNI_* variables added to the
/// environment, the network configuration on stdin, the result or error object on stdout, the
/// exit code saying which it is. The executable runs in its own process group, which is
/// killed when the run outlives the timeout (so helpers it started go too).
struct PluginProcess {
    /// What the executable did.
    struct Outcome {
        var exitCode: Int32
        var stdout: Data
        var stderr: Data
        var timedOut: Bool
    }

    var executable: String
    var environment: [String: String]
    var stdin: Data
    var timeout: Double

    /// Runs the executable to completion (or until the timeout) on the calling thread.
    func run() throws -> Outcome {
        func ioError(_ what: String) -> CNIPluginError {
            CNIPluginError(code: CNIPluginError.ioFailure, msg: "cannot \(what) for \(executable)", details: String(cString: strerror(errno)))
        }
        // stdin is a socket pair rather than a pipe so that writing to a plugin that exited
        // early fails with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE in the host process.
        var input: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &input) == 0 else { throw ioError("create stdin") }
        var output: [Int32] = [-1, -1], errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { closeAll(input); throw ioError("create stdout") }
        guard pipe(&errors) == 0 else { closeAll(input + output); throw ioError("create stderr") }
        // pipe2(O_CLOEXEC) is not exported to Swift: set close-on-exec right away instead, so
        // other children spawned by the host do not inherit these ends.
        for fd in output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[1], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errors[1], 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        var spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        // An executable just written may still be open for writing in a process forked
        // meanwhile ("text file busy"); libcni retries this too.
        for attempt in 1...5 where spawned == ETXTBSY {
            usleep(UInt32(100_000 * attempt))
            spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        }
        // The child's ends belong to the child now.
        closeAll([input[1], output[1], errors[1]])
        guard spawned == 0 else {
            closeAll([input[0], output[0], errors[0]])
            throw CNIPluginError(code: CNIPluginError.ioFailure, msg: "cannot run \(executable)", details: String(cString: strerror(spawned)))
        }

        let collected = Collected()
        let readers = DispatchGroup()
        let stdoutFD = output[0], stderrFD = errors[0], stdinFD = input[0]
        DispatchQueue.global().async(group: readers) { collected.setStdout(Self.readAll(stdoutFD)) }
        DispatchQueue.global().async(group: readers) { collected.setStderr(Self.readAll(stderrFD)) }
        let stdinData = stdin
        DispatchQueue.global().async {
            stdinData.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let sent = send(stdinFD, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if sent < 0, errno == EINTR { continue }
                    guard sent > 0 else { break }
                    offset += sent
                }
            }
            shutdown(stdinFD, Int32(SHUT_WR))
            close(stdinFD)
        }
        let exited = DispatchSemaphore(value: 0)
        let status = Collected.Status()
        let child = pid
        DispatchQueue.global().async {
            var value: Int32 = 0
            while waitpid(child, &value, 0) < 0, errno == EINTR {}
            status.set(value)
            exited.signal()
        }

        let deadline = DispatchTime.now() + timeout
        var timedOut = false
        if exited.wait(timeout: deadline) == .timedOut {
            timedOut = true
            kill(-pid, SIGKILL)
            exited.wait()
        }
        // A process the plugin left behind may hold stdout open after the plugin exited: its
        // output is awaited until the deadline (then the group is killed), never forever.
        if readers.wait(timeout: timedOut ? .now() + 2 : max(deadline, .now() + 0.1)) == .timedOut {
            timedOut = true
            kill(-pid, SIGKILL)
            _ = readers.wait(timeout: .now() + 2)
        }
        let raw = status.value
        let code: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        return Outcome(exitCode: code, stdout: collected.stdout, stderr: collected.stderr, timedOut: timedOut)
    }

    private func closeAll(_ descriptors: [Int32]) {
        for fd in descriptors where fd >= 0 { close(fd) }
    }

    /// Reads a descriptor to its end and closes it.
    private static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[0..<count])
        }
        close(fd)
        return data
    }

    /// Output and exit status gathered by helper threads.
    private final class Collected: @unchecked Sendable {
        // Safe to share: every field is guarded by the lock.
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()
        var stdout: Data { lock.withLock { out } }
        var stderr: Data { lock.withLock { err } }
        func setStdout(_ data: Data) { lock.withLock { out = data } }
        func setStderr(_ data: Data) { lock.withLock { err = data } }

        /// The raw `waitpid` status.
        final class Status: @unchecked Sendable {
            // Safe to share: the value is guarded by the lock.
            private let lock = NSLock()
            private var raw: Int32 = 0
            var value: Int32 { lock.withLock { raw } }
            func set(_ value: Int32) { lock.withLock { raw = value } }
        }
    }
}
