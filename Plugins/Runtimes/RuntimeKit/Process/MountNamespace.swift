import Foundation
import Glibc

/// Gives a process its container's view of files without touching the host's: its sandbox's
/// resolv.conf as /etc/resolv.conf and the CRI mounts (pod volumes: the ServiceAccount token,
/// ConfigMaps, Secrets, emptyDirs) at their container paths, read-only where asked. The process
/// starts in a mount namespace of its own (util-linux `unshare --mount --propagation private`,
/// no `--fork`, so the spawned PID stays the container's and the process group holds), where a
/// shell makes the bind mounts and then `exec`s the real command. A mount point missing on the
/// host is created there first (an empty directory or file, as a container runtime creates it
/// in the image). Needs root, `unshare`, `mount`, a host /etc/resolv.conf to mount over, and a
/// kernel that lets this process create mount namespaces (checked once by running the
/// wrapper); otherwise processes start as they are and see the host's files.
enum MountNamespace {
    /// The file every container's view replaces.
    static let target = "/etc/resolv.conf"

    /// The util-linux tools, when present.
    static let unshare = executable(["/usr/bin/unshare", "/bin/unshare"])
    /// See `unshare`.
    static let mount = executable(["/usr/bin/mount", "/bin/mount"])
    /// The shell that runs the bind mount.
    static let shell = executable(["/bin/sh", "/usr/bin/sh"])

    /// The shell script: `$1` the mount tool, then (source, target, "ro"|"rw") triples up to a
    /// `--`, then the command.
    static let script = """
        m="$1"; shift
        while [ "$1" != "--" ]; do
          if [ -d "$1" ]; then mkdir -p "$2" || exit 127
          elif [ ! -e "$2" ]; then mkdir -p "$(dirname "$2")" && : > "$2" || exit 127; fi
          "$m" --bind "$1" "$2" || exit 127
          if [ "$3" = ro ]; then "$m" -o remount,bind,ro "$2" || exit 127; fi
          shift 3
        done
        shift
        exec "$@"
        """

    /// Whether processes can get their own resolv.conf on this machine (decided once).
    static let available: Bool = {
        guard geteuid() == 0, let unshare, let mount, let shell, FileManager.default.fileExists(atPath: target) else { return false }
        // The kernel (or a container's seccomp profile) may still refuse CLONE_NEWNS or mount:
        // try a bind of the file over itself in a throwaway namespace.
        return run(unshare, ["unshare", "--mount", "--propagation", "private", "--", shell, "-c", "exec \"$1\" --bind \"$2\" \"$2\"", "probe", mount, target]) == 0
    }()

    /// The path and argv that run `argv` (argv[0] resolved to `path`) with `resolvConf`
    /// bind-mounted over /etc/resolv.conf and `mounts` at their container paths; `path` and
    /// `argv` unchanged when there is nothing to mount or the machine cannot do it.
    static func command(path: String, argv: [String], resolvConf: String?, mounts: [Mount] = []) -> (path: String, argv: [String]) {
        let binds = (resolvConf.map { [($0, target, false)] } ?? [])
            + mounts.filter { !$0.hostPath.isEmpty && $0.containerPath.hasPrefix("/") }.map { ($0.hostPath, $0.containerPath, $0.readonly) }
        guard !binds.isEmpty, available, let unshare, let mount, let shell else { return (path, argv) }
        let triples = binds.flatMap { [$0.0, $0.1, $0.2 ? "ro" : "rw"] }
        let wrapper = ["unshare", "--mount", "--propagation", "private", "--", shell, "-c", script, "keelson-mounts", mount]
        return (unshare, wrapper + triples + ["--", path] + argv.dropFirst())
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
