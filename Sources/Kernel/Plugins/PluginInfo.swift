/// What a plugin's descriptor says about it, copied into host memory at load.
public struct PluginInfo: Sendable, Codable, Equatable {
    /// Unique plugin name, "default-scheduler".
    public let name: String
    /// The plugin's semantic version.
    public let version: String
    /// Its kind.
    public let kind: PluginKind
    /// The kind's interface version it was built against.
    public let interfaceMajor: UInt16
    /// See `interfaceMajor`.
    public let interfaceMinor: UInt16
    /// The ABI version it was built against.
    public let abiMajor: UInt16
    /// See `abiMajor`.
    public let abiMinor: UInt16
    /// One-line description.
    public let description: String
    /// `KEELSON_CAP_*` flags.
    public let capabilities: UInt64
    /// The JSON Schema of its config, nil when it accepts any object.
    public let configSchema: String?
    /// The shared library it came from.
    public let file: String

    /// Whether the plugin declared KEELSON_CAP_THREAD_SAFE.
    public var isThreadSafe: Bool { capabilities & 1 != 0 }

    /// "1.0"-style ABI version.
    public var abiVersion: String { "\(abiMajor).\(abiMinor)" }
    /// "1.0"-style interface version.
    public var interfaceVersion: String { "\(interfaceMajor).\(interfaceMinor)" }
}

/// A file in a plugin folder that was not loaded, and why.
public struct PluginRejection: Error, Sendable, Codable, Equatable, CustomStringConvertible {
    /// The file's path.
    public let file: String
    /// One line saying what is wrong and, where it helps, what to do.
    public let reason: String

    /// Creates a rejection.
    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
