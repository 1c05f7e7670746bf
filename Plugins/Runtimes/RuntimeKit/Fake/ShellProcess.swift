import Foundation

/// Where a process runs: as a container's main process (unknown commands never end), or as
/// an ExecSync command (unknown commands succeed silently).
enum ShellMode: Sendable { case container, exec }

/// Output a process wrote to its stdout or stderr, at a (virtual) time.
struct OutputChunk: Sendable {
    enum Stream: String, Sendable { case stdout, stderr }
    var time: Int64
    var stream: Stream
    var data: Data
}

/// A shell's variables, in the order they were first set (`env` prints them so).
struct ShellVariables: Sendable {
    private(set) var names: [String] = []
    private var values: [String: String] = [:]

    init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { self[name] = value }
    }

    subscript(name: String) -> String? {
        get { values[name] }
        set {
            if let newValue {
                if values[name] == nil { names.append(name) }
                values[name] = newValue
            } else if values.removeValue(forKey: name) != nil {
                names.removeAll { $0 == name }
            }
        }
    }

    /// "NAME=value" lines.
    var environmentText: String { names.map { "\($0)=\(values[$0] ?? "")\n" }.joined() }
}

/// A process interpreted in virtual time. It runs its script step by step: `advance(until:)`
/// executes every command whose start time has come, so `sleep 5; exit 3` exits 5 s after it
/// started whenever it is next looked at, and the runtime never needs a real process.
struct ShellProcess: Sendable {
    /// How the process ended, or that it never will.
    enum Outcome: Sendable, Equatable {
        case exited(Int32)
        /// It runs until it is stopped (a server, `sleep infinity`, an unknown command).
        case blocked
    }

    private let items: [ScriptItem]
    private var index = 0
    private(set) var lastStatus: Int32 = 0
    /// The virtual time the process has reached: the start of its next command.
    private(set) var cursor: Int64
    private(set) var outcome: Outcome?
    private var pendingOutput: [OutputChunk] = []
    private var variables: ShellVariables
    private let hostname: String
    let mode: ShellMode

    /// A process that runs `items` from `start`.
    init(items: [ScriptItem], start: Int64, environment: [(String, String)], hostname: String, mode: ShellMode) {
        self.items = items
        self.cursor = start
        self.variables = ShellVariables(environment)
        self.hostname = hostname
        self.mode = mode
    }

    /// A process that has already ended (or blocked) at `start`, having written `stderr`.
    static func ended(_ outcome: Outcome, at start: Int64, stderr: String = "") -> ShellProcess {
        var process = ShellProcess(items: [], start: start, environment: [], hostname: "", mode: .container)
        process.outcome = outcome
        if case .exited(let code) = outcome { process.lastStatus = code }
        if !stderr.isEmpty { process.pendingOutput.append(OutputChunk(time: start, stream: .stderr, data: Data(stderr.utf8))) }
        return process
    }

    /// When the process next has something to do, nil when it has ended or blocked.
    var wakeTime: Int64? { outcome == nil ? cursor : nil }

    /// Takes the output written since the last call.
    mutating func takeOutput() -> [OutputChunk] {
        defer { pendingOutput = [] }
        return pendingOutput
    }

    /// Runs every command that starts at or before `now`.
    mutating func advance(until now: Int64, fs: inout ContainerFilesystem) {
        while outcome == nil, cursor <= now {
            guard index < items.count else {
                outcome = .exited(lastStatus)
                return
            }
            let item = items[index]
            index += 1
            if item.connector == .and, lastStatus != 0 { continue }
            if item.connector == .or, lastStatus == 0 { continue }
            let result = runPipeline(item.commands, fs: &fs)
            if item.background {
                lastStatus = 0
                continue
            }
            lastStatus = result.status
            cursor += result.sleep
            switch result.control {
            case .none: break
            case .exit(let code): outcome = .exited(code)
            case .blocked: outcome = .blocked
            }
        }
    }

    private mutating func runPipeline(_ commands: [SimpleCommand], fs: inout ContainerFilesystem) -> BuiltinResult {
        var input = Data()
        var last = BuiltinResult()
        var sleep: Int64 = 0
        for (position, command) in commands.enumerated() {
            last = runCommand(command, stdin: input, piped: position < commands.count - 1, fs: &fs, output: &input)
            sleep += last.sleep
            if last.control == .blocked { break }
        }
        last.sleep = sleep
        return last
    }

    /// Runs one simple command; `output` receives its stdout when it feeds a pipe.
    private mutating func runCommand(
        _ command: SimpleCommand, stdin: Data, piped: Bool, fs: inout ContainerFilesystem, output: inout Data
    ) -> BuiltinResult {
        output = Data()
        var words = command.words
        var assignments: [(String, String)] = []
        while let first = words.first, let assignment = first.assignment {
            assignments.append((assignment.name, expand(assignment.value).joined(separator: " ")))
            words.removeFirst()
        }
        for (name, value) in assignments { variables[name] = value }
        let argv = words.flatMap(expand)
        if command.unsupported { return unknown() }

        // Input redirection.
        var input = stdin
        for redirect in command.redirects where redirect.kind == .input {
            let path = expand(redirect.target).joined(separator: " ")
            do { input = try fs.read(path) } catch {
                terminal(.stderr, "sh: can't open '\(path)': \(error.text)\n")
                return BuiltinResult(status: 1)
            }
        }
        // Output destinations, in redirection order.
        enum Destination: Equatable { case terminal(OutputChunk.Stream), pipe, file(String, append: Bool), discard }
        var out: Destination = piped ? .pipe : .terminal(.stdout)
        var err: Destination = .terminal(.stderr)
        for redirect in command.redirects where redirect.kind != .input {
            let target = expand(redirect.target).joined(separator: " ")
            var destination: Destination = target == "/dev/null" ? .discard : .file(target, append: redirect.kind == .append)
            if redirect.kind == .duplicate {
                destination = target == "2" ? err : target == "1" ? out : .discard
            } else if case .file(let path, let append) = destination {
                do { try fs.write(path, Data(), append: true) } catch {
                    terminal(.stderr, "sh: can't create \(path): \(error.text)\n")
                    return BuiltinResult(status: 1)
                }
                if !append { try? fs.write(path, Data(), append: false) }
                destination = .file(path, append: true)
            }
            if redirect.fd == 1 || redirect.fd == -1 { out = destination }
            if redirect.fd == 2 || redirect.fd == -1 { err = destination }
        }

        var result = argv.isEmpty
            ? BuiltinResult()
            : ShellBuiltins.run(argv, stdin: input, fs: &fs, variables: &variables, hostname: hostname,
                                lastStatus: lastStatus, mode: mode)
        if result.unknown { result = unknown() }
        for (data, destination) in [(result.stdout, out), (result.stderr, err)] where !data.isEmpty {
            switch destination {
            case .terminal(let stream): terminal(stream, data)
            case .pipe: output.append(data)
            case .file(let path, _): try? fs.write(path, data, append: true)
            case .discard: break
            }
        }
        return result
    }

    /// What an unmodelled command does in this mode.
    private func unknown() -> BuiltinResult {
        mode == .container ? BuiltinResult(control: .blocked) : BuiltinResult()
    }

    private mutating func terminal(_ stream: OutputChunk.Stream, _ text: String) {
        terminal(stream, Data(text.utf8))
    }

    private mutating func terminal(_ stream: OutputChunk.Stream, _ data: Data) {
        pendingOutput.append(OutputChunk(time: cursor, stream: stream, data: data))
    }

    /// Expands a word into fields: variables are substituted, unquoted expansions split on blanks.
    private func expand(_ word: Word) -> [String] {
        var fields: [String] = []
        var current = ""
        var started = false
        func add(_ value: String, quoted: Bool) {
            if quoted {
                current += value
                started = true
                return
            }
            let pieces = value.split(omittingEmptySubsequences: false) { $0 == " " || $0 == "\t" || $0 == "\n" }
            for (n, piece) in pieces.enumerated() {
                if n > 0, started || !current.isEmpty {
                    fields.append(current)
                    current = ""
                    started = false
                }
                if !piece.isEmpty {
                    current += piece
                    started = true
                }
            }
        }
        for part in word.parts {
            switch part {
            case .literal(let text, let quoted):
                if quoted { add(text, quoted: true) } else { current += text; started = started || !text.isEmpty }
            case .variable(let name, let fallback, let quoted):
                var value = variables[name] ?? ""
                if value.isEmpty, let fallback { value = fallback }
                add(value, quoted: quoted)
            case .lastStatus(let quoted):
                add(String(lastStatus), quoted: quoted)
            }
        }
        if started || !current.isEmpty { fields.append(current) }
        return fields
    }
}
