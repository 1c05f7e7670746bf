import Foundation

// The syntax of the small POSIX-shell subset the fake interprets (see README.md): simple
// commands with quoting and $VAR expansion, `;` `&&` `||` `&` `|`, redirections and comments.
// Anything else (compound commands, command substitution, subshells) parses as an
// "unsupported" command, which a container runs forever and an exec treats as success.

/// One piece of a word, expanded when the command runs.
enum WordPart: Sendable, Equatable {
    /// Unquoted or quoted literal text.
    case literal(String, quoted: Bool)
    /// `$NAME`, `${NAME}` or `${NAME:-default}`.
    case variable(String, fallback: String?, quoted: Bool)
    /// `$?`.
    case lastStatus(quoted: Bool)
}

/// A word: the parts between unquoted blanks.
struct Word: Sendable, Equatable {
    var parts: [WordPart] = []

    /// A word made of literal text (argv given as a list).
    static func literal(_ text: String) -> Word { Word(parts: [.literal(text, quoted: true)]) }

    /// `NAME=value` when the word is an assignment (its prefix is unquoted literal text).
    var assignment: (name: String, value: Word)? {
        guard case .literal(let text, false)? = parts.first, let eq = text.firstIndex(of: "="),
              let first = text.first, first == "_" || (first.isASCII && first.isLetter),
              text[..<eq].allSatisfy({ $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) })
        else { return nil }
        var rest = parts
        rest[0] = .literal(String(text[text.index(after: eq)...]), quoted: true)
        return (String(text[..<eq]), Word(parts: rest))
    }
}

/// A redirection: `>f`, `>>f`, `<f`, `2>f`, `2>&1`, `&>f`.
struct Redirect: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case write, append, input, duplicate }
    /// 0, 1 or 2; -1 means stdout and stderr (`&>`).
    var fd: Int
    var kind: Kind
    var target: Word
}

/// A simple command.
struct SimpleCommand: Sendable, Equatable {
    var words: [Word] = []
    var redirects: [Redirect] = []
    /// It uses syntax the interpreter does not model.
    var unsupported = false

    var isEmpty: Bool { words.isEmpty && redirects.isEmpty && !unsupported }
}

/// How a pipeline joins the one before it.
enum Connector: Sendable, Equatable { case always, and, or }

/// A pipeline with its connector; `background` when it ended in `&`.
struct ScriptItem: Sendable, Equatable {
    var connector: Connector
    var commands: [SimpleCommand]
    var background = false
}

/// The parser.
enum ShellSyntax {
    private static let keywords: Set<String> = [
        "if", "then", "else", "elif", "fi", "while", "until", "for", "do", "done", "case", "esac",
        "function", "{", "}", "[[", "]]", "select", "!",
    ]

    /// A program running `argv` as one command (no expansion).
    static func command(_ argv: [String]) -> [ScriptItem] {
        [ScriptItem(connector: .always, commands: [SimpleCommand(words: argv.map(Word.literal))])]
    }

    /// Whether a command's first word is a shell keyword the interpreter does not model.
    static func isKeyword(_ word: Word) -> Bool {
        guard word.parts.count == 1, case .literal(let text, false) = word.parts[0] else { return false }
        return keywords.contains(text)
    }

    /// Parses a script.
    static func parse(_ script: String) -> [ScriptItem] {
        var parser = Parser(Array(script))
        return parser.parse()
    }

    private struct Parser {
        let chars: [Character]
        var i = 0
        var items: [ScriptItem] = []
        var pipeline: [SimpleCommand] = []
        var command = SimpleCommand()
        var word = Word()
        var wordStarted = false
        var pendingRedirect: (fd: Int, kind: Redirect.Kind)?
        var connector = Connector.always

        init(_ chars: [Character]) { self.chars = chars }

        mutating func parse() -> [ScriptItem] {
            while i < chars.count {
                let c = chars[i]
                switch c {
                case " ", "\t":
                    endWord(); i += 1
                case "\n", ";":
                    endPipeline(next: .always, background: false); i += 1
                case "#" where !wordStarted:
                    while i < chars.count, chars[i] != "\n" { i += 1 }
                case "&":
                    if peek(1) == "&" {
                        endPipeline(next: .and, background: false); i += 2
                    } else if peek(1) == ">" {
                        endWord(); i += 1; startRedirect(fd: -1)
                    } else {
                        endPipeline(next: .always, background: true); i += 1
                    }
                case "|":
                    if peek(1) == "|" {
                        endPipeline(next: .or, background: false); i += 2
                    } else {
                        endCommand(); i += 1
                    }
                case ">", "<":
                    var fd = c == "<" ? 0 : 1
                    if wordStarted, word.parts.count == 1, case .literal(let text, false) = word.parts[0],
                       let number = Int(text), (0...2).contains(number) {
                        fd = number
                        word = Word(); wordStarted = false
                    } else {
                        endWord()
                    }
                    startRedirect(fd: fd)
                case "'":
                    i += 1
                    var text = ""
                    while i < chars.count, chars[i] != "'" { text.append(chars[i]); i += 1 }
                    i += 1
                    append(.literal(text, quoted: true))
                case "\"":
                    i += 1
                    parseDoubleQuoted()
                case "\\":
                    if let next = peek(1) {
                        if next != "\n" { append(.literal(String(next), quoted: true)) }
                        i += 2
                    } else {
                        i += 1
                    }
                case "$":
                    parseDollar(quoted: false)
                case "`", "(", ")":
                    command.unsupported = true
                    append(.literal(String(c), quoted: false)); i += 1
                default:
                    append(.literal(String(c), quoted: false)); i += 1
                }
            }
            endPipeline(next: .always, background: false)
            return items
        }

        func peek(_ offset: Int) -> Character? {
            i + offset < chars.count ? chars[i + offset] : nil
        }

        mutating func startRedirect(fd: Int) {
            let c = chars[i]
            i += 1
            var kind: Redirect.Kind = c == "<" ? .input : .write
            if c == ">", peek(0) == ">" { kind = .append; i += 1 }
            if c == ">", peek(0) == "&" { kind = .duplicate; i += 1 }
            pendingRedirect = (fd, kind)
        }

        mutating func parseDoubleQuoted() {
            var text = ""
            func flush(_ parser: inout Parser) {
                if !text.isEmpty { parser.append(.literal(text, quoted: true)); text = "" }
            }
            append(.literal("", quoted: true))
            while i < chars.count, chars[i] != "\"" {
                let c = chars[i]
                if c == "\\", let next = peek(1), "$`\"\\\n".contains(next) {
                    if next != "\n" { text.append(next) }
                    i += 2
                } else if c == "$" {
                    flush(&self)
                    parseDollar(quoted: true)
                } else if c == "`" {
                    command.unsupported = true
                    text.append(c); i += 1
                } else {
                    text.append(c); i += 1
                }
            }
            flush(&self)
            i += 1
        }

        mutating func parseDollar(quoted: Bool) {
            i += 1
            guard let c = peek(0) else { append(.literal("$", quoted: quoted)); return }
            if c == "?" {
                append(.lastStatus(quoted: quoted)); i += 1
            } else if c == "(" {
                command.unsupported = true
                append(.literal("$", quoted: quoted))
            } else if c == "{" {
                i += 1
                var body = ""
                while i < chars.count, chars[i] != "}" { body.append(chars[i]); i += 1 }
                i += 1
                if let range = body.range(of: ":-") {
                    append(.variable(String(body[..<range.lowerBound]), fallback: String(body[range.upperBound...]), quoted: quoted))
                } else {
                    append(.variable(body, fallback: nil, quoted: quoted))
                }
            } else if c == "_" || (c.isASCII && c.isLetter) {
                var name = ""
                while let n = peek(0), n == "_" || (n.isASCII && (n.isLetter || n.isNumber)) { name.append(n); i += 1 }
                append(.variable(name, fallback: nil, quoted: quoted))
            } else if c.isNumber || c == "$" || c == "#" || c == "@" || c == "*" {
                // Positional and special parameters: the fake runs scripts without arguments.
                i += 1
                append(.literal(c == "$" ? "1" : c == "#" ? "0" : "", quoted: quoted))
            } else {
                append(.literal("$", quoted: quoted))
            }
        }

        mutating func append(_ part: WordPart) {
            if case .literal(let text, let quoted) = part, case .literal(let previous, quoted)? = word.parts.last {
                word.parts[word.parts.count - 1] = .literal(previous + text, quoted: quoted)
            } else {
                word.parts.append(part)
            }
            wordStarted = true
        }

        mutating func endWord() {
            guard wordStarted else { return }
            if let redirect = pendingRedirect {
                command.redirects.append(Redirect(fd: redirect.fd, kind: redirect.kind, target: word))
                pendingRedirect = nil
            } else {
                if command.words.isEmpty, ShellSyntax.isKeyword(word) { command.unsupported = true }
                command.words.append(word)
            }
            word = Word()
            wordStarted = false
        }

        mutating func endCommand() {
            endWord()
            pendingRedirect = nil
            if !command.isEmpty { pipeline.append(command) }
            command = SimpleCommand()
        }

        mutating func endPipeline(next: Connector, background: Bool) {
            endCommand()
            if !pipeline.isEmpty {
                items.append(ScriptItem(connector: connector, commands: pipeline, background: background))
            }
            pipeline = []
            connector = next
        }
    }
}
