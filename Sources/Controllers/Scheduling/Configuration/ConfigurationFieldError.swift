import Kernel

/// A path to a field of a KubeSchedulerConfiguration in Kubernetes' notation:
/// `profiles[1].plugins.score.enabled[0].weight`.
public struct ConfigurationFieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The rendered path; empty at the root of the document.
    public let description: String

    /// The root of the document.
    public static let root = ConfigurationFieldPath(description: "")

    /// The path of the member `name` below this one.
    public func child(_ name: String) -> ConfigurationFieldPath {
        ConfigurationFieldPath(description: description.isEmpty ? name : "\(description).\(name)")
    }

    /// The path of the member reached through several names, `child("a", "b")`.
    public func child(_ first: String, _ rest: String...) -> ConfigurationFieldPath {
        rest.reduce(child(first)) { $0.child($1) }
    }

    /// The path of the element `index` of the list at this path.
    public func index(_ index: Int) -> ConfigurationFieldPath {
        ConfigurationFieldPath(description: "\(description)[\(index)]")
    }
}

/// One problem found in a configuration, rendered the way Kubernetes' `field.Error` is:
/// `<path>: <kind>: <value>: <detail>`.
public struct ConfigurationFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, with Kubernetes' wording.
    public enum Kind: String, Sendable, Hashable {
        /// A value outside what the field accepts.
        case invalid = "Invalid value"
        /// A missing field that must be set.
        case required = "Required value"
        /// A value that repeats an earlier one.
        case duplicate = "Duplicate value"
        /// A value not among the enumerated supported ones.
        case notSupported = "Unsupported value"
        /// A field that must not be set here.
        case forbidden = "Forbidden"
        /// A member the schema does not know (kube-scheduler decodes strictly).
        case unknownField = "unknown field"
    }

    /// Where the problem is.
    public let path: ConfigurationFieldPath
    /// What kind of problem it is.
    public let kind: Kind
    /// The offending value, when the kind shows one.
    public let value: JSONValue?
    /// The explanation, possibly empty.
    public let detail: String

    /// Creates an error; prefer the named constructors below.
    public init(path: ConfigurationFieldPath, kind: Kind, value: JSONValue?, detail: String) {
        self.path = path
        self.kind = kind
        self.value = value
        self.detail = detail
    }

    /// `path: Invalid value: value: detail`.
    static func invalid(_ path: ConfigurationFieldPath, _ value: JSONValue, _ detail: String) -> Self {
        Self(path: path, kind: .invalid, value: value, detail: detail)
    }

    /// `path: Required value[: detail]`.
    static func required(_ path: ConfigurationFieldPath, _ detail: String = "") -> Self {
        Self(path: path, kind: .required, value: nil, detail: detail)
    }

    /// `path: Duplicate value: value`.
    static func duplicate(_ path: ConfigurationFieldPath, _ value: JSONValue) -> Self {
        Self(path: path, kind: .duplicate, value: value, detail: "")
    }

    /// `path: Unsupported value: value: supported values: "a", "b"`.
    static func notSupported(_ path: ConfigurationFieldPath, _ value: JSONValue, supported: [String]) -> Self {
        let list = supported.map { JSONValue.string($0).text }.joined(separator: ", ")
        return Self(path: path, kind: .notSupported, value: value, detail: "supported values: \(list)")
    }

    /// `path: Forbidden: detail`.
    static func forbidden(_ path: ConfigurationFieldPath, _ detail: String) -> Self {
        Self(path: path, kind: .forbidden, value: nil, detail: detail)
    }

    /// `unknown field "path"`, as a strict decoder reports it.
    static func unknownField(_ path: ConfigurationFieldPath) -> Self {
        Self(path: path, kind: .unknownField, value: nil, detail: "")
    }

    /// The message in Kubernetes' `field.Error` form.
    public var description: String {
        switch kind {
        case .unknownField:
            return "unknown field \(JSONValue.string(path.description).text)"
        case .required, .forbidden:
            return detail.isEmpty ? "\(path): \(kind.rawValue)" : "\(path): \(kind.rawValue): \(detail)"
        case .invalid, .duplicate, .notSupported:
            var text = "\(path): \(kind.rawValue): \(value?.text ?? "null")"
            if !detail.isEmpty { text += ": \(detail)" }
            return text
        }
    }
}

/// Why a KubeSchedulerConfiguration was refused: every problem found, each naming its key path.
/// Rendered as Kubernetes renders an aggregate: the single message, or `[first, second, ...]`.
public struct SchedulerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in the order they were found.
    public let causes: [ConfigurationFieldError]

    /// Creates the error from its causes.
    public init(causes: [ConfigurationFieldError]) {
        self.causes = causes
    }

    /// Each cause's rendered message.
    public var messages: [String] { causes.map(\.description) }

    /// The single message, or every message in brackets as Kubernetes' aggregate error prints them.
    public var description: String {
        causes.count == 1 ? causes[0].description : "[" + messages.joined(separator: ", ") + "]"
    }
}

/// Collects configuration problems while decoding, defaulting and validating.
struct ConfigurationProblems {
    /// The problems so far.
    private(set) var list: [ConfigurationFieldError] = []

    /// Whether nothing was found.
    var isEmpty: Bool { list.isEmpty }

    /// Records one problem.
    mutating func add(_ error: ConfigurationFieldError) {
        list.append(error)
    }

    /// Records several problems.
    mutating func add(contentsOf errors: [ConfigurationFieldError]) {
        list.append(contentsOf: errors)
    }
}
