import Foundation

/// What one command did.
struct BuiltinResult: Sendable {
    /// Control flow besides the exit status.
    enum Control: Sendable, Equatable { case none, exit(Int32), blocked }

    var status: Int32 = 0
    var stdout = Data()
    var stderr = Data()
    /// Virtual time the command took, in nanoseconds.
    var sleep: Int64 = 0
    var control = Control.none
    /// The interpreter does not know the command.
    var unknown = false

    init(status: Int32 = 0, stdout: String = "", stderr: String = "", sleep: Int64 = 0, control: Control = .none) {
        self.status = status
        self.stdout = Data(stdout.utf8)
        self.stderr = Data(stderr.utf8)
        self.sleep = sleep
        self.control = control
    }

    static let unknownCommand: BuiltinResult = {
        var result = BuiltinResult()
        result.unknown = true
        return result
    }()
}

/// The commands the interpreter models, with busybox's messages and exit codes (README.md
/// lists them). Anything else is "unknown".
enum ShellBuiltins {
    static func run(
        _ argv: [String], stdin: Data, fs: inout ContainerFilesystem, variables: inout ShellVariables,
        hostname: String, lastStatus: Int32, mode: ShellMode
    ) -> BuiltinResult {
        let name = argv[0].split(separator: "/").last.map(String.init) ?? argv[0]
        let args = Array(argv.dropFirst())
        switch name {
        case "true", ":": return BuiltinResult()
        case "false": return BuiltinResult(status: 1)
        case "exit": return exit(args, lastStatus: lastStatus)
        case "sleep": return sleep(args)
        case "echo": return echo(args)
        case "printf": return printf(args)
        case "cat": return cat(args, stdin: stdin, fs: fs)
        case "touch": return touch(args, fs: &fs)
        case "rm": return rm(args, fs: &fs)
        case "mkdir": return mkdir(args, fs: &fs)
        case "test": return test(args, fs: fs)
        case "[":
            guard args.last == "]" else { return BuiltinResult(status: 2, stderr: "sh: missing ]\n") }
            return test(Array(args.dropLast()), fs: fs)
        case "env": return args.isEmpty ? BuiltinResult(stdout: variables.environmentText) : .unknownCommand
        case "printenv":
            guard let key = args.first else { return BuiltinResult(stdout: variables.environmentText) }
            return variables[key].map { BuiltinResult(stdout: $0 + "\n") } ?? BuiltinResult(status: 1)
        case "export":
            for arg in args {
                if let eq = arg.firstIndex(of: "=") { variables[String(arg[..<eq])] = String(arg[arg.index(after: eq)...]) }
            }
            return BuiltinResult()
        case "unset":
            for arg in args { variables[arg] = nil }
            return BuiltinResult()
        case "hostname": return BuiltinResult(stdout: hostname + "\n")
        case "pwd": return BuiltinResult(stdout: fs.workingDir + "\n")
        case "whoami": return BuiltinResult(stdout: "root\n")
        case "id": return BuiltinResult(stdout: "uid=0(root) gid=0(root) groups=0(root)\n")
        case "grep": return grep(args, stdin: stdin, fs: fs)
        case "wc" where args == ["-l"]:
            return BuiltinResult(stdout: "\(stdin.filter { $0 == 0x0A }.count)\n")
        default: return .unknownCommand
        }
    }

    private static func exit(_ args: [String], lastStatus: Int32) -> BuiltinResult {
        guard let arg = args.first else { return BuiltinResult(status: lastStatus, control: .exit(lastStatus)) }
        guard let code = Int(arg), code >= 0 else {
            return BuiltinResult(status: 2, stderr: "sh: exit: Illegal number: \(arg)\n", control: .exit(2))
        }
        let status = Int32(code & 0xff)
        return BuiltinResult(status: status, control: .exit(status))
    }

    /// `sleep N[smhd]...` or `sleep infinity`.
    private static func sleep(_ args: [String]) -> BuiltinResult {
        guard !args.isEmpty else { return BuiltinResult(status: 1, stderr: "sleep: missing operand\n") }
        var total = 0.0
        for arg in args {
            if arg == "infinity" || arg == "inf" { return BuiltinResult(control: .blocked) }
            var number = Substring(arg)
            var unit = 1.0
            if let last = number.last, let scale = ["s": 1.0, "m": 60, "h": 3600, "d": 86400][String(last)] {
                unit = scale
                number = number.dropLast()
            }
            guard let value = Double(number), value >= 0, value.isFinite else {
                return BuiltinResult(status: 1, stderr: "sleep: invalid number '\(arg)'\n")
            }
            total += value * unit
        }
        guard total < 1e9 else { return BuiltinResult(control: .blocked) }
        return BuiltinResult(sleep: Int64(total * 1e9))
    }

    private static func echo(_ args: [String]) -> BuiltinResult {
        var args = args[...]
        var newline = true
        var escapes = false
        while let flag = args.first, flag.count > 1, flag.hasPrefix("-"), flag.dropFirst().allSatisfy({ "neE".contains($0) }) {
            if flag.contains("n") { newline = false }
            if flag.contains("e") { escapes = true }
            if flag.contains("E") { escapes = false }
            args = args.dropFirst()
        }
        var text = args.joined(separator: " ")
        if escapes { text = unescape(text) }
        return BuiltinResult(stdout: newline ? text + "\n" : text)
    }

    private static func printf(_ args: [String]) -> BuiltinResult {
        guard let format = args.first else { return BuiltinResult(status: 1, stderr: "printf: missing format\n") }
        var values = args.dropFirst()[...]
        var out = ""
        var chars = Array(unescape(format))[...]
        while let c = chars.popFirst() {
            guard c == "%", let spec = chars.popFirst() else { out.append(c); continue }
            switch spec {
            case "%": out.append("%")
            case "s": out += values.popFirst() ?? ""
            case "d", "i": out += String(Int(values.popFirst() ?? "0") ?? 0)
            default: out.append(c); out.append(spec)
            }
        }
        return BuiltinResult(stdout: out)
    }

    private static func unescape(_ text: String) -> String {
        var out = ""
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            guard c == "\\", let next = chars.popFirst() else { out.append(c); continue }
            switch next {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "\\": out.append("\\")
            default: out.append("\\"); out.append(next)
            }
        }
        return out
    }

    private static func cat(_ args: [String], stdin: Data, fs: ContainerFilesystem) -> BuiltinResult {
        if args.isEmpty { return BuiltinResult(stdoutData: stdin) }
        var result = BuiltinResult()
        for path in args {
            if path == "-" { result.stdout.append(stdin); continue }
            do {
                result.stdout.append(try fs.read(path))
            } catch .isDirectory {
                result.stderr.append(Data("cat: read error: Is a directory\n".utf8))
                result.status = 1
            } catch {
                result.stderr.append(Data("cat: can't open '\(path)': \(error.text)\n".utf8))
                result.status = 1
            }
        }
        return result
    }

    private static func touch(_ args: [String], fs: inout ContainerFilesystem) -> BuiltinResult {
        var result = BuiltinResult()
        for path in args where !path.hasPrefix("-") {
            do { try fs.write(path, Data(), append: true) } catch {
                result.stderr.append(Data("touch: \(path): \(error.text)\n".utf8))
                result.status = 1
            }
        }
        return result
    }

    private static func rm(_ args: [String], fs: inout ContainerFilesystem) -> BuiltinResult {
        let flags = args.filter { $0.hasPrefix("-") }.joined()
        let force = flags.contains("f")
        let recursive = flags.contains("r") || flags.contains("R")
        var result = BuiltinResult()
        for path in args where !path.hasPrefix("-") {
            do { try fs.remove(path, recursive: recursive) } catch {
                if case .notFound = error, force { continue }
                let message = if case .isDirectory = error { "rm: '\(path)' is a directory\n" }
                    else { "rm: can't remove '\(path)': \(error.text)\n" }
                result.stderr.append(Data(message.utf8))
                result.status = 1
            }
        }
        return result
    }

    private static func mkdir(_ args: [String], fs: inout ContainerFilesystem) -> BuiltinResult {
        let parents = args.contains { $0.hasPrefix("-") && $0.contains("p") }
        var result = BuiltinResult()
        for path in args where !path.hasPrefix("-") {
            do { try fs.makeDirectory(path, parents: parents) } catch {
                result.stderr.append(Data("mkdir: can't create directory '\(path)': \(error.text)\n".utf8))
                result.status = 1
            }
        }
        return result
    }

    /// `test` / `[`: unary file and string tests, string and integer comparisons, `!`.
    private static func test(_ args: [String], fs: ContainerFilesystem) -> BuiltinResult {
        func truth(_ value: Bool) -> BuiltinResult { BuiltinResult(status: value ? 0 : 1) }
        if args.first == "!" {
            let inner = test(Array(args.dropFirst()), fs: fs)
            return inner.status == 2 ? inner : truth(inner.status != 0)
        }
        switch args.count {
        case 0: return truth(false)
        case 1: return truth(!args[0].isEmpty)
        case 2:
            let operand = args[1]
            switch args[0] {
            case "-n": return truth(!operand.isEmpty)
            case "-z": return truth(operand.isEmpty)
            case "-e", "-r", "-w", "-x": return truth(fs.exists(operand))
            case "-f": return truth(fs.exists(operand) && !fs.isDirectory(operand))
            case "-d": return truth(fs.isDirectory(operand))
            case "-s": return truth(((try? fs.read(operand))?.isEmpty == false))
            default: return BuiltinResult(status: 2, stderr: "sh: \(args[0]): unknown operand\n")
            }
        case 3:
            let (a, op, b) = (args[0], args[1], args[2])
            switch op {
            case "=", "==": return truth(a == b)
            case "!=": return truth(a != b)
            case "-eq", "-ne", "-lt", "-le", "-gt", "-ge":
                guard let x = Int(a), let y = Int(b) else {
                    return BuiltinResult(status: 2, stderr: "sh: bad number\n")
                }
                let results = ["-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y]
                return truth(results[op] ?? false)
            default: return BuiltinResult(status: 2, stderr: "sh: \(op): unknown operand\n")
            }
        default:
            return BuiltinResult(status: 2, stderr: "sh: test: too many arguments\n")
        }
    }

    /// `grep [-q] [-v] [-i] [-c] PATTERN [FILE...]` with fixed-string patterns.
    private static func grep(_ args: [String], stdin: Data, fs: ContainerFilesystem) -> BuiltinResult {
        let flags = args.prefix { $0.hasPrefix("-") && $0 != "-" }.joined()
        let rest = args.drop { $0.hasPrefix("-") && $0 != "-" }
        guard let pattern = rest.first else { return BuiltinResult(status: 2, stderr: "grep: missing pattern\n") }
        let ignoreCase = flags.contains("i")
        var text = ""
        var result = BuiltinResult()
        if rest.count == 1 {
            text = String(decoding: stdin, as: UTF8.self)
        } else {
            for path in rest.dropFirst() {
                do { text += String(decoding: try fs.read(path), as: UTF8.self) } catch {
                    result.stderr.append(Data("grep: \(path): \(error.text)\n".utf8))
                    result.status = 2
                }
            }
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast(text.hasSuffix("\n") ? 1 : 0)
        let selected = lines.filter { line in
            let found = ignoreCase ? line.lowercased().contains(pattern.lowercased()) : line.contains(pattern)
            return found != flags.contains("v")
        }
        if flags.contains("c") {
            result.stdout = Data("\(selected.count)\n".utf8)
        } else if !flags.contains("q") {
            result.stdout = Data(selected.map { $0 + "\n" }.joined().utf8)
        }
        if result.status == 0 { result.status = selected.isEmpty ? 1 : 0 }
        return result
    }
}

extension BuiltinResult {
    init(stdoutData: Data) {
        self.init()
        stdout = stdoutData
    }
}
