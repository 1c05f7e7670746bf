import Foundation

/// A problem with the cluster config, told in one line that names the file, the key path and the
/// fix: `cluster.yaml: nodePools[0].count: expected an integer >= 0, got "three"`.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file as the user named it ("cluster.yaml").
    public let file: String
    /// Where in the document: `nodePools[0].count`, `labels["topology.kubernetes.io/zone"]`;
    /// empty when the problem concerns the whole file (a YAML syntax error, an empty file).
    public let keyPath: String
    /// The 1-based line of the offending YAML node, when known.
    public let line: Int?
    /// The 1-based column of the offending YAML node, when known.
    public let column: Int?
    /// What is wrong and what to do about it.
    public let message: String

    /// Creates an error; newlines in `message` are folded so the description stays one line.
    public init(file: String, keyPath: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.line = line
        self.column = column
        self.message = ConfigError.oneLine(message)
    }

    /// `file: keyPath: message`; a problem without a key path but with a position reads
    /// `file:line:column: message`.
    public var description: String {
        if !keyPath.isEmpty { return "\(file): \(keyPath): \(message)" }
        if let line, let column { return "\(file):\(line):\(column): \(message)" }
        return "\(file): \(message)"
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
