import Foundation

/// Turns a container's command, args and image config into the process the fake runs.
///
/// The argv follows Docker's rules as containerd applies them: `command` replaces the image's
/// ENTRYPOINT (and drops its CMD), `args` alone replace the CMD, neither runs ENTRYPOINT + CMD.
/// Then:
/// - the image's own default process behaves as the catalogue says (a server runs until stopped,
///   a shell or REPL ends at once without a terminal, postgres refuses to start without a password);
/// - `sh -c SCRIPT` (also bash, ash, dash, with or without a path) runs SCRIPT in the interpreter;
/// - a plain argv (`sleep 5`, `true`, `echo hi`) runs as one command;
/// - entrypoint wrappers (`docker-entrypoint.sh`, `tini --`, `dumb-init`) run what follows them.
struct ContainerProcess: Sendable {
    /// The argv the container runs.
    var argv: [String]
    /// Whether it is the image's own server, which exits 0 on SIGTERM.
    var handlesTermination: Bool
    /// How to build the process at start time.
    private var plan: Plan

    private enum Plan: Sendable {
        case script([ScriptItem])
        case ended(ShellProcess.Outcome, stderr: String)
    }

    /// Why a container cannot be created.
    struct Invalid: Error { var reason: String }

    private static let shells: Set<String> = ["sh", "bash", "ash", "dash", "zsh"]
    private static let wrappers: Set<String> = ["docker-entrypoint.sh", "tini", "dumb-init", "entrypoint.sh"]

    init(command: [String], args: [String], image: CatalogueEntry, environment: [(String, String)], stdin: Bool) throws(Invalid) {
        let isImageDefault = command.isEmpty && args.isEmpty
        argv = !command.isEmpty ? command + args : image.entrypoint + (args.isEmpty ? image.cmd : args)
        guard !argv.isEmpty else { throw Invalid(reason: "no command specified") }
        handlesTermination = false
        if isImageDefault {
            switch image.defaultProcess {
            case .exitsAtOnce:
                plan = .ended(stdin ? .blocked : .exited(0), stderr: "")
            case .daemon:
                handlesTermination = true
                plan = .ended(.blocked, stderr: "")
            case .daemonRequiringEnv(let anyOf, let message):
                let set = environment.contains { anyOf.contains($0.0) && !$0.1.isEmpty }
                handlesTermination = set
                plan = set ? .ended(.blocked, stderr: "") : .ended(.exited(1), stderr: message)
            }
            return
        }
        var words = argv[...]
        while let first = words.first, Self.wrappers.contains(Self.basename(first)), words.count > 1 {
            words = words.dropFirst()
            if words.first == "--" { words = words.dropFirst() }
            if words.first?.hasPrefix("-") == true {
                // The wrapper passes flags to the image's server: run the server.
                handlesTermination = true
                plan = .ended(.blocked, stderr: "")
                return
            }
        }
        guard let program = words.first else { throw Invalid(reason: "no command specified") }
        if Self.shells.contains(Self.basename(program)) {
            let rest = Array(words.dropFirst())
            if rest.first == "-c", rest.count > 1 {
                plan = .script(ShellSyntax.parse(rest[1]))
            } else if rest.isEmpty {
                // A shell without a terminal reads EOF and ends, unless stdin stays open.
                plan = .ended(stdin ? .blocked : .exited(0), stderr: "")
            } else {
                plan = .ended(.blocked, stderr: "")
            }
        } else {
            plan = .script(ShellSyntax.command(Array(words)))
        }
    }

    /// The process as it starts at `time`.
    func start(at time: Int64, environment: [(String, String)], hostname: String) -> ShellProcess {
        switch plan {
        case .script(let items):
            ShellProcess(items: items, start: time, environment: environment, hostname: hostname, mode: .container)
        case .ended(let outcome, let stderr):
            ShellProcess.ended(outcome, at: time, stderr: stderr)
        }
    }

    /// The process an ExecSync `cmd` runs.
    static func exec(_ cmd: [String], at time: Int64, environment: [(String, String)], hostname: String) -> ShellProcess {
        var items = ShellSyntax.command(cmd)
        if let first = cmd.first, shells.contains(basename(first)), cmd.count > 2, cmd[1] == "-c" {
            items = ShellSyntax.parse(cmd[2])
        }
        return ShellProcess(items: items, start: time, environment: environment, hostname: hostname, mode: .exec)
    }

    private static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
