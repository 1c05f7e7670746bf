import Dispatch
import Foundation
import Glibc
import Synchronization

/// One real child process started with `posix_spawn` in a process group of its own (so the
/// whole tree it starts can be signalled), with stdin on /dev/null and stdout and stderr read
/// by two reader threads. A waiter thread reaps exactly this pid (never `waitpid(-1)`); when
/// the process exits the rest of its group is killed, as a container's processes die with its
/// PID 1, and the exit is reported once the output has been drained.
final class ChildProcess: Sendable {
    /// Which stream a piece of output came from, named as the CRI log format names them.
    enum Stream: String, Sendable {
        case stdout, stderr
    }

    /// The process ID, which is also its process group ID.
    let pid: pid_t
    /// Left when the process has been reaped and its output drained (or given up on).
    private let done = DispatchGroup()
    /// The exit code (128+N for signal N) once reaped.
    private let result = Mutex<Int32?>(nil)

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Why a process could not be started.
    struct SpawnError: Error, Sendable {
        var message: String
    }

    /// Starts `argv` (argv[0] already resolved to a path) with `environment` in `workingDir`.
    /// `output` receives each chunk read from stdout or stderr (from a reader thread);
    /// `exited` receives the exit code and the time of the exit, in nanoseconds since the epoch
    /// (from the waiter thread), after all the output went to `output`.
    static func spawn(
        path: String, argv: [String], environment: [(String, String)], workingDir: String,
        output: @escaping @Sendable (Stream, [UInt8]) -> Void,
        exited: @escaping @Sendable (Int32, Int64) -> Void
    ) throws(SpawnError) -> ChildProcess {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0 else { throw SpawnError(message: "pipe: \(String(cString: strerror(errno)))") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw SpawnError(message: "pipe: \(String(cString: strerror(errno)))")
        }
        // Close-on-exec in the host; a child spawned meanwhile closes them anyway (closefrom).
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        // Nothing of the host (sockets, files, other containers' pipes) leaks into the child.
        if let closeFrom = GNUSpawnActions.closeFrom { _ = closeFrom(&actions, 3) }
        if !workingDir.isEmpty {
            guard let chdir = GNUSpawnActions.changeDirectory else {
                throw SpawnError(message: "this C library cannot set a working directory for posix_spawn")
            }
            _ = chdir(&actions, workingDir)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, every signal at its default and none blocked (the host may
        // ignore SIGPIPE or block signals on its threads; a container starts clean).
        var defaults = sigset_t()
        sigfillset(&defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup("\($0.0)=\($0.1)") } + [nil]
        defer {
            cArgv.forEach { free($0) }
            cEnv.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, cArgv, cEnv)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            let reason = String(cString: strerror(status))
            if status == ENOENT || status == ENOTDIR, !workingDir.isEmpty, !Self.isDirectory(workingDir) {
                throw SpawnError(message: "chdir to cwd (\"\(workingDir)\") set in config.json failed: \(reason)")
            }
            throw SpawnError(message: "exec: \"\(argv.first ?? path)\": \(reason)")
        }

        let childPID = pid
        let child = ChildProcess(pid: childPID)
        let readers = DispatchGroup()
        for (fd, stream) in [(outPipe[0], Stream.stdout), (errPipe[0], Stream.stderr)] {
            readers.enter()
            Thread.detachNewThread {
                Self.drain(fd, stream: stream, into: output)
                readers.leave()
            }
        }
        child.done.enter()
        Thread.detachNewThread {
            let code = Self.reap(childPID)
            let time = Identifiers.now()
            // The container's PID 1 is gone: whatever it left behind in its group goes too.
            kill(-childPID, SIGKILL)
            // Output of a process that escaped its group may never end; do not wait forever.
            _ = readers.wait(timeout: .now() + 2)
            child.result.withLock { $0 = code }
            exited(code, time)
            child.done.leave()
        }
        return child
    }

    /// Sends `signal` to the process's whole group (a no-op once it is gone).
    func signalGroup(_ signal: Int32) {
        guard result.withLock({ $0 == nil }) else { return }
        kill(-pid, signal)
    }

    /// Waits up to `seconds` (nil: forever) for the exit to be reported; returns the exit code,
    /// or nil when it is still running.
    func waitExit(seconds: Double?) -> Int32? {
        if let seconds {
            guard done.wait(timeout: .now() + max(seconds, 0)) == .success else { return nil }
        } else {
            done.wait()
        }
        return result.withLock { $0 }
    }

    /// Reads `fd` until EOF, handing each chunk to `output`, then closes it.
    private static func drain(_ fd: Int32, stream: Stream, into output: @Sendable (Stream, [UInt8]) -> Void) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                output(stream, Array(buffer[0..<count]))
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break
            }
        }
        close(fd)
    }

    /// Waits for `pid` (only it) to exit; its exit code, 128+N when signal N killed it.
    private static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 255 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// glibc's `posix_spawn_file_actions_addchdir_np` and `..._addclosefrom_np` (2.29 and 2.34),
/// which Swift's Glibc module does not import (they need `_GNU_SOURCE`), looked up once.
enum GNUSpawnActions {
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `posix_spawn_file_actions_addchdir_np`, when the C library has it.
    static let changeDirectory: ChangeDirectory? = dlsym(nil, "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: ChangeDirectory.self) }
    /// `posix_spawn_file_actions_addclosefrom_np`, when the C library has it.
    static let closeFrom: CloseFrom? = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }
}
