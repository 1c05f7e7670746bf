import Foundation
import PluginSDK

/// A simulated cloud's inventory as changed at run time: which instances are deleted or
/// stopped, which API calls fail and which are slow. It lives in the ConfigMap
/// `kube-system/cloud-inventory`, which users and tests edit with kubectl:
///
/// ```yaml
/// data:
///   deleted: node-2            # instances that no longer exist (names, comma or space separated)
///   stopped: node-3            # instances that are shut down
///   faults: |                  # one per line: <operation|*>: <CODE> [message]
///     ensureLoadBalancer: UNAVAILABLE quota exceeded
///   latency: |                 # one per line: <operation|*>: <duration>
///     "*": 200ms
/// ```
///
/// Operations are the cloud-provider calls by their Kubernetes names (`instanceExists`,
/// `ensureLoadBalancer`, `createRoute`, ...; see `operations`); codes are UNAVAILABLE,
/// INTERNAL, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, INVALID_ARGUMENT.
public struct CloudInventory: Sendable, Equatable {
    /// Where the inventory ConfigMap lives.
    public static let namespace = "kube-system"
    /// The inventory ConfigMap's name.
    public static let name = "cloud-inventory"
    /// Every operation a fault or latency line may name ("*" names them all).
    public static let operations: Set<String> = [
        "instanceExists", "instanceShutdown", "instanceMetadata",
        "getLoadBalancer", "getLoadBalancerName", "ensureLoadBalancer", "updateLoadBalancer", "ensureLoadBalancerDeleted",
        "listRoutes", "createRoute", "deleteRoute",
        "getZone", "getZoneByProviderID", "getZoneByNodeName",
    ]

    /// An injected failure: the status code's name and its message.
    public struct Fault: Sendable, Equatable {
        /// "UNAVAILABLE", "INTERNAL", ...
        public var code: String
        /// The message the call fails with.
        public var message: String
    }

    /// Names of instances that no longer exist.
    public var deleted: Set<String> = []
    /// Names of instances that are shut down.
    public var stopped: Set<String> = []
    /// Injected failures by operation ("*": every operation).
    public var faults: [String: Fault] = [:]
    /// Injected latency by operation ("*": every operation).
    public var latency: [String: Duration] = [:]
    /// Lines that could not be used, each naming key, line and fix.
    public var problems: [String] = []

    /// An empty inventory.
    public init() {}

    /// Reads the ConfigMap's `data`.
    public init(data: [String: String]) {
        deleted = Self.names(data["deleted"])
        stopped = Self.names(data["stopped"])
        for (number, operation, value) in Self.entries(data["faults"]) {
            var words = value.split(separator: " ", maxSplits: 1).map(String.init)
            let code = words.isEmpty ? "" : words.removeFirst().uppercased()
            guard Self.codes[code] != nil else {
                problems.append("faults line \(number): code \"\(code)\" is not one of \(Self.codes.keys.sorted().joined(separator: ", ")); write <operation>: UNAVAILABLE quota exceeded")
                continue
            }
            faults[operation] = Fault(code: code, message: words.first ?? "injected fault")
        }
        for (number, operation, value) in Self.entries(data["latency"]) {
            guard let duration = Self.duration(value) else {
                problems.append("latency line \(number): \"\(value)\" is not a duration; write <operation>: 250ms (ms, s or m)")
                continue
            }
            latency[operation] = duration
        }
        problems += Self.entryProblems("faults", data["faults"]) + Self.entryProblems("latency", data["latency"])
    }

    /// The failure injected for `operation`, if any.
    public func fault(for operation: String) -> PluginError? {
        guard let fault = faults[operation] ?? faults["*"], let make = Self.codes[fault.code] else { return nil }
        return make("\(operation): \(fault.message) (injected through \(Self.namespace)/\(Self.name))")
    }

    /// The latency injected for `operation`, if any.
    public func latency(for operation: String) -> Duration? { latency[operation] ?? latency["*"] }

    // MARK: Parsing

    private static let codes: [String: @Sendable (String) -> PluginError] = [
        "UNAVAILABLE": PluginError.unavailable, "INTERNAL": PluginError.internalError,
        "NOT_FOUND": PluginError.notFound, "ALREADY_EXISTS": PluginError.alreadyExists,
        "FAILED_PRECONDITION": PluginError.failedPrecondition, "INVALID_ARGUMENT": PluginError.invalidArgument,
    ]

    private static func names(_ text: String?) -> Set<String> {
        Set((text ?? "").split { $0 == "," || $0.isWhitespace }.map(String.init))
    }

    /// The `operation: value` lines of a key with a known operation, numbered from 1.
    private static func entries(_ text: String?) -> [(Int, String, String)] {
        lines(text).compactMap { number, line in
            guard let (operation, value) = split(line), operation == "*" || operations.contains(operation) else { return nil }
            return (number, operation, value)
        }
    }

    /// The lines of a key that are not `operation: value` with a known operation.
    private static func entryProblems(_ key: String, _ text: String?) -> [String] {
        lines(text).compactMap { number, line in
            guard let (operation, _) = split(line) else {
                return "\(key) line \(number): \"\(line)\" is not <operation>: <value>"
            }
            if operation == "*" || operations.contains(operation) { return nil }
            return "\(key) line \(number): unknown operation \"\(operation)\"; use * or one of \(operations.sorted().joined(separator: ", "))"
        }
    }

    private static func lines(_ text: String?) -> [(Int, String)] {
        (text ?? "").split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            let line = raw.trimmingCharacters(in: .whitespaces)
            return line.isEmpty || line.hasPrefix("#") ? nil : (index + 1, line)
        }
    }

    private static func split(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let operation = line[..<colon].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return operation.isEmpty || value.isEmpty ? nil : (operation, value)
    }

    /// "250ms", "2s", "1m".
    static func duration(_ text: String) -> Duration? {
        for (suffix, scale) in [("ms", 1), ("s", 1_000), ("m", 60_000)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return .milliseconds(Int64(value * Double(scale)))
        }
        return nil
    }
}
