import Foundation

extension ClusterConfig {
    /// Largest config file read (a config is a few kilobytes; this stops a wrong path to a huge file).
    static let maximumFileSize = 4 << 20

    /// Reads and checks the config file at `file`, or returns `defaults` when `file` is nil.
    ///
    /// Throws a `ConfigError` (one line naming the file, the key path and the fix) for an
    /// unreadable file, a YAML syntax error, an unknown key, a value of the wrong type or an
    /// invalid value (see `validate(file:)`). Plugin configs are checked later, against the
    /// loaded plugins' schemas, by `validatePluginConfigs`.
    public static func load(file: String?) throws -> ClusterConfig {
        guard let file else { return .defaults }
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            if (attributes[.type] as? FileAttributeType) == .typeDirectory {
                throw ConfigError(file: file, keyPath: "", message: "is a directory; pass the path of a YAML file")
            }
            if let size = attributes[.size] as? NSNumber, size.intValue > maximumFileSize {
                throw ConfigError(file: file, keyPath: "", message: "is \(size.intValue) bytes; a cluster config is a small YAML file, check the path")
            }
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as ConfigError {
            throw error
        } catch {
            let reason = FileManager.default.fileExists(atPath: file) ? "cannot be read (check its permissions)" : "does not exist; check the path"
            throw ConfigError(file: file, keyPath: "", message: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: file, keyPath: "", message: "is not UTF-8 text; save it as UTF-8")
        }
        return try parse(yaml: text, file: file)
    }

    /// Parses and checks config YAML; `file` names the source in errors.
    public static func parse(yaml: String, file: String) throws -> ClusterConfig {
        guard let root = try YAMLReader(file: file).read(yaml) else {
            throw ConfigError(file: file, keyPath: "", message:
                "holds no YAML document; start it with apiVersion: \(apiVersion) and kind: \(kind), or omit --config to use the defaults")
        }
        let config = try ClusterConfigDecoder.decode(ConfigCursor(node: root, path: "", file: file))
        if let problem = config.problems().first {
            throw problem.error(file: file, locatedIn: root)
        }
        return config
    }

    /// Checks the values of a config built in code (a parsed file is checked already): loopback
    /// CIDRs that do not overlap and have room for every node, a loopback API address, valid pool
    /// names, labels, quantities and taints, at least one scheduler and CNI plugin. Throws the
    /// first problem as a `ConfigError` naming `file`.
    public func validate(file: String = ClusterConfig.defaultsLabel) throws {
        if let problem = problems().first {
            throw ConfigError(file: file, keyPath: problem.keyPath, message: problem.message)
        }
    }
}

/// A problem with a config value, before it is tied to a file.
struct ConfigProblem: Sendable, Equatable {
    /// Where.
    let keyPath: String
    /// What and the fix.
    let message: String

    /// The problem as an error about `file`, positioned at the node its key path names in `root`.
    func error(file: String, locatedIn root: YAMLNode) -> ConfigError {
        let node = root.node(atKeyPath: keyPath)
        return ConfigError(file: file, keyPath: keyPath, line: node?.line, column: node?.column, message: message)
    }
}

extension YAMLNode {
    /// The node a key path built by `KeyPath` names, nil when the document does not hold it.
    func node(atKeyPath keyPath: String) -> YAMLNode? {
        func find(_ node: YAMLNode, _ path: String) -> YAMLNode? {
            if path == keyPath { return node }
            switch node.content {
            case .scalar: return nil
            case .mapping(let entries):
                for entry in entries {
                    let childPath = KeyPath.appending(path, key: entry.key)
                    if keyPath == childPath || keyPath.hasPrefix(childPath + ".") || keyPath.hasPrefix(childPath + "[") {
                        if let found = find(entry.value, childPath) { return found }
                    }
                }
                return nil
            case .sequence(let items):
                for (index, item) in items.enumerated() {
                    let childPath = KeyPath.appending(path, index: index)
                    if keyPath == childPath || keyPath.hasPrefix(childPath + ".") || keyPath.hasPrefix(childPath + "[") {
                        return find(item, childPath)
                    }
                }
                return nil
            }
        }
        return find(self, "")
    }
}
