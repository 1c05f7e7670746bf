import Foundation
import Yams

/// Reads YAML text into `YAMLNode`s, turning every syntax problem into a one-line `ConfigError`
/// with the line and column.
///
/// Plain scalars are resolved with the YAML 1.2 core schema (as most current YAML tools do), so
/// `yes`, `on` and `010` stay strings and only `true`/`false`, numbers and `null`/`~` are typed.
/// Quoted scalars are always strings. Anchors, aliases and `<<` merge keys work; duplicate keys
/// are errors.
struct YAMLReader {
    /// The file name used in errors.
    let file: String
    /// Most nodes a document may expand to (aliases can multiply a small file).
    var nodeBudget = 100_000

    /// Parses the single document of `text`; nil when the text holds no document (empty or comments).
    func read(_ text: String) throws -> YAMLNode? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, text: text)
        }
        guard let root else { return nil }
        var budget = nodeBudget
        return try convert(root, path: "", budget: &budget)
    }

    func syntaxError(_ error: YamlError, text: String) -> ConfigError {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> ConfigError {
            var message = "invalid YAML: \(problem)"
            if let context, !context.text.isEmpty {
                if problem.hasPrefix("but ") {
                    message = "invalid YAML: \(context.text), \(problem)"
                } else {
                    message += " (\(context.text) that started at line \(context.mark.line), column \(context.mark.column))"
                }
            }
            if problem.contains("another document") {
                message += "; a config file holds one document, remove the extra ---"
            }
            if YAMLReader.character(in: text, line: mark.line, column: mark.column) == "\t" {
                message += "; indent with spaces, YAML does not allow tabs"
            }
            return ConfigError(file: file, keyPath: "", line: mark.line, column: mark.column, message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return located(problem, context, mark)
        case .reader(let problem, let offset, _, _):
            let (line, column) = YAMLReader.position(in: text, utf8Offset: offset ?? 0)
            return ConfigError(file: file, keyPath: "", line: line, column: column,
                               message: "invalid YAML: \(problem); save the file as UTF-8 text")
        default:
            return ConfigError(file: file, keyPath: "", message: "invalid YAML: \(error)")
        }
    }

    func convert(_ node: Node, path: String, budget: inout Int) throws -> YAMLNode {
        budget -= 1
        let line = node.mark?.line ?? 0
        let column = node.mark?.column ?? 0
        guard budget >= 0 else {
            throw ConfigError(file: file, keyPath: path, line: line, column: column,
                              message: "the document expands to more than \(nodeBudget) nodes through aliases; write it out without alias chains")
        }
        switch node {
        case .scalar(let scalar):
            let value = try resolve(scalar, path: path, line: line, column: column)
            return YAMLNode(content: .scalar(text: scalar.string, value: value), line: line, column: column)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, path: KeyPath.appending(path, index: index), budget: &budget))
            }
            return YAMLNode(content: .sequence(items), line: line, column: column)
        case .mapping(let mapping):
            var entries: [YAMLEntry] = []
            var positions: [String: Int] = [:]
            var merged: [YAMLEntry] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw ConfigError(file: file, keyPath: path, line: keyNode.mark?.line, column: keyNode.mark?.column,
                                      message: "a mapping key must be a plain string, not \(keyNode.mapping != nil ? "a mapping" : "a list")")
                }
                let key = keyScalar.string
                let keyLine = keyNode.mark?.line ?? line
                let keyColumn = keyNode.mark?.column ?? column
                if key == "<<", keyScalar.style == .plain {
                    merged += try mergeEntries(valueNode, path: path, budget: &budget)
                    continue
                }
                let childPath = KeyPath.appending(path, key: key)
                if let earlier = positions[key] {
                    throw ConfigError(file: file, keyPath: childPath, line: keyLine, column: keyColumn,
                                      message: "duplicate key (also set at line \(entries[earlier].line)); keep one of them")
                }
                positions[key] = entries.count
                entries.append(YAMLEntry(key: key, line: keyLine, column: keyColumn,
                                         value: try convert(valueNode, path: childPath, budget: &budget)))
            }
            // Explicit keys win over merged ones; among merged mappings the first one wins.
            for entry in merged where positions[entry.key] == nil {
                positions[entry.key] = entries.count
                entries.append(entry)
            }
            return YAMLNode(content: .mapping(entries), line: line, column: column)
        }
    }

    private func mergeEntries(_ node: Node, path: String, budget: inout Int) throws -> [YAMLEntry] {
        let sources: [Node]
        switch node {
        case .mapping: sources = [node]
        case .sequence(let sequence) where sequence.allSatisfy({ $0.mapping != nil }): sources = Array(sequence)
        default:
            throw ConfigError(file: file, keyPath: KeyPath.appending(path, key: "<<"), line: node.mark?.line, column: node.mark?.column,
                              message: "a merge key needs a mapping or a list of mappings (usually an alias like *defaults)")
        }
        var entries: [YAMLEntry] = []
        for source in sources {
            guard case .mapping(let converted) = try convert(source, path: path, budget: &budget).content else { continue }
            for entry in converted where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
        }
        return entries
    }

    private func resolve(_ scalar: Node.Scalar, path: String, line: Int, column: Int) throws -> JSONValue {
        let text = scalar.string
        let tag = scalar.tag.description
        func fail(_ what: String) -> ConfigError {
            ConfigError(file: file, keyPath: path, line: line, column: column,
                        message: "\(KeyPath.quoted(text)) is not \(what) as its tag \(tag) says; fix the value or drop the tag")
        }
        switch tag {
        case "":
            return scalar.style == .plain ? YAMLReader.coreValue(of: text) : .string(text)
        case Tag.Name.str.rawValue, "!":
            return .string(text)
        case Tag.Name.int.rawValue:
            guard case .int = YAMLReader.coreValue(of: text) else { throw fail("an integer") }
            return YAMLReader.coreValue(of: text)
        case Tag.Name.float.rawValue:
            guard let number = YAMLReader.coreValue(of: text).doubleValue else { throw fail("a number") }
            return .double(number)
        case Tag.Name.bool.rawValue:
            guard case .bool = YAMLReader.coreValue(of: text) else { throw fail("a boolean") }
            return YAMLReader.coreValue(of: text)
        case Tag.Name.null.rawValue:
            guard YAMLReader.coreValue(of: text) == .null else { throw fail("null") }
            return .null
        default:
            throw ConfigError(file: file, keyPath: path, line: line, column: column,
                              message: "unsupported YAML tag \(tag); use plain strings, numbers, booleans, lists and mappings")
        }
    }

    /// The YAML 1.2 core schema's reading of a plain scalar.
    static func coreValue(of text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let scalars = Array(text.unicodeScalars)
        func allIn(_ slice: ArraySlice<Unicode.Scalar>, _ allowed: (Unicode.Scalar) -> Bool) -> Bool {
            !slice.isEmpty && slice.allSatisfy(allowed)
        }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        if text.hasPrefix("0o"), allIn(scalars.dropFirst(2), { ("0"..."7").contains($0) }) {
            if let value = Int64(String(text.dropFirst(2)), radix: 8) { return .int(value) }
        }
        if text.hasPrefix("0x"), allIn(scalars.dropFirst(2), { isDigit($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }) {
            if let value = Int64(String(text.dropFirst(2)), radix: 16) { return .int(value) }
        }
        let unsigned = scalars.first == "-" || scalars.first == "+" ? scalars.dropFirst() : scalars[...]
        if allIn(unsigned, isDigit) {
            if let value = Int64(text) { return .int(value) }
            if let value = Double(text) { return .double(value) }
        }
        if isCoreFloat(unsigned), let value = Double(text) {
            return .double(value)
        }
        return .string(text)
    }

    /// `( . [0-9]+ | [0-9]+ ( . [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` after an optional sign.
    private static func isCoreFloat(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var rest = scalars
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let integerDigits = rest.prefix(while: isDigit).count
        rest = rest.dropFirst(integerDigits)
        var fractionDigits = 0
        if rest.first == "." {
            rest = rest.dropFirst()
            fractionDigits = rest.prefix(while: isDigit).count
            rest = rest.dropFirst(fractionDigits)
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
            let exponentDigits = rest.prefix(while: isDigit).count
            guard exponentDigits > 0 else { return false }
            rest = rest.dropFirst(exponentDigits)
        }
        return rest.isEmpty
    }

    /// The character at a 1-based line and column (columns count Unicode scalars, as libyaml does).
    static func character(in text: String, line: Int, column: Int) -> Character? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        let scalars = Array(lines[line - 1].unicodeScalars)
        guard column >= 1, column <= scalars.count else { return nil }
        return Character(scalars[column - 1])
    }

    /// The 1-based line and column of a byte offset.
    static func position(in text: String, utf8Offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in text.utf8.prefix(utf8Offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}
