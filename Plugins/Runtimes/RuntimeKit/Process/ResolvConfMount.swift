import Foundation
import Glibc

/// Gives a process its sandbox's resolv.conf as /etc/resolv.conf without touching the host's:
/// the process starts in a mount namespace of its own (util-linux `unshare --mount
/// --propagation private`, no `--fork`, so the spawned PID stays the container's and the
/// process group holds), where a shell bind-mounts the sandbox's file over /etc/resolv.conf and
/// then `exec`s the real command. Needs root, `unshare`, `mount`, a host /etc/resolv.conf to
/// mount over, and a kernel that lets this process create mount namespaces (checked once by
/// running the wrapper); otherwise processes start as they are and see the host's file.
enum ResolvConfMount {
    /// The file every container's view replaces.
    static let target = "/etc/resolv.conf"

    /// The util-linux tools, when present.
    static let unshare = executable(["/usr/bin/unshare", "/bin/unshare"])
    /// See `unshare`.
    static let mount = executable(["/usr/bin/mount", "/bin/mount"])
    /// The shell that runs the bind mount.
    static let shell = executable(["/bin/sh", "/usr/bin/sh"])

    /// The shell script: `$1` the mount tool, `$2` the sandbox's file, then the command.
    static let script = "\"$1\" --bind \"$2\" \(target) || exit 127; shift 2; exec \"$@\""

    /// Whether processes can get their own resolv.conf on this machine (decided once).
    static let available: Bool = {
        guard geteuid() == 0, let unshare, let mount, let shell, FileManager.default.fileExists(atPath: target) else { return false }
        // The kernel (or a container's seccomp profile) may still refuse CLONE_NEWNS or mount:
        // try a bind of the file over itself in a throwaway namespace.
        return run(unshare, ["unshare", "--mount", "--propagation", "private", "--", shell, "-c", "exec \"$1\" --bind \"$2\" \"$2\"", "probe", mount, target]) == 0
    }()

    /// The path and argv that run `argv` (argv[0] resolved to `path`) with `resolvConf`
    /// bind-mounted over /etc/resolv.conf; `path` and `argv` unchanged when there is no file or
    /// the machine cannot do it.
    static func command(path: String, argv: [String], resolvConf: String?) -> (path: String, argv: [String]) {
        guard let resolvConf, available, let unshare, let mount, let shell else { return (path, argv) }
        let wrapper = ["unshare", "--mount", "--propagation", "private", "--", shell, "-c", script, "keelson-resolv", mount, resolvConf]
        return (unshare, wrapper + [path] + argv.dropFirst())
    }

    /// The first of `candidates` that is an executable file.
    private static func executable(_ candidates: [String]) -> String? {
        candidates.first { access($0, X_OK) == 0 }
    }

    /// Runs `argv` at `path` with no input or output and waits for it; its exit status, or -1
    /// when it could not be started.
    private static func run(_ path: String, _ argv: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        let cArgv = argv.map { strdup($0) } + [nil]
        defer { cArgv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, cArgv, environ) == 0 else { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
    }
}
