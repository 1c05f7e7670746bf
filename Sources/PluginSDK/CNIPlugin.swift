import Foundation
import PluginABI

/// A CNI plugin written in Swift (interface `keelson_cni_v1`), following the CNI specification:
/// ADD, DEL, CHECK, STATUS, GC and VERSION with the spec's network configuration, result and
/// error objects.
///
/// The SDK does what the spec asks of every plugin before a command runs: it parses the
/// configuration (error 6 when it is not JSON), refuses a `cniVersion` the plugin does not
/// support (error 1) and commands the configuration's version does not define (CHECK needs
/// 0.4.0, STATUS and GC need 1.1.0). A thrown `CNIPluginError` becomes the spec's error object in
/// the result sink; any other error becomes code 999, as libcni reports errors that carry no code.
public protocol CNIPlugin: KeelsonPlugin {
    /// The spec versions this plugin accepts in `cniVersion` (VERSION reports them).
    static var supportedVersions: [String] { get }
    /// ADD: attaches the container and returns the spec's result JSON.
    func add(_ request: CNIRequest) throws -> Data
    /// DEL: detaches it; must succeed when the attachment is already gone.
    func del(_ request: CNIRequest) throws
    /// CHECK: verifies the attachment is as ADD left it.
    func check(_ request: CNIRequest) throws
    /// STATUS: whether the plugin can serve ADD now (throw error 50 or 51 when it cannot).
    func status(_ request: CNIRequest) throws
    /// GC: releases whatever belongs to attachments not in `request.validAttachments`.
    func gc(_ request: CNIRequest) throws
    /// VERSION: the spec's version object `{"cniVersion","supportedVersions"}`, for a plugin
    /// whose versions are not fixed (one that runs another plugin). Nil, the default, reports
    /// `supportedVersions`.
    func version() throws -> Data?
}

extension CNIPlugin {
    /// Every version from 0.3.0 to 1.1.0.
    public static var supportedVersions: [String] { CNIVersions.all }
    /// The default is always ready.
    public func status(_ request: CNIRequest) throws {}
    /// The default has nothing to collect.
    public func gc(_ request: CNIRequest) throws {}
    /// The default reports `supportedVersions`.
    public func version() throws -> Data? { nil }
}

/// Spec versions and their ordering.
public enum CNIVersions {
    /// The spec versions with results this SDK understands, oldest first.
    public static let all = ["0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"]
    /// The newest version, used where no configuration names one (VERSION).
    public static let latest = "1.1.0"

    /// Compares two dotted versions numerically; nil when either is not `N.N.N`.
    public static func compare(_ a: String, _ b: String) -> ComparisonResult? {
        func parts(_ v: String) -> [Int]? {
            let items = v.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard items.count == 3, items.allSatisfy({ $0 != nil }) else { return nil }
            return items.compactMap { $0 }
        }
        guard let x = parts(a), let y = parts(b) else { return nil }
        if x == y { return .orderedSame }
        return x.lexicographicallyPrecedes(y) ? .orderedAscending : .orderedDescending
    }

    /// Whether `version` is at least `minimum`.
    public static func atLeast(_ version: String, _ minimum: String) -> Bool {
        guard let order = compare(version, minimum) else { return false }
        return order != .orderedAscending
    }
}

/// The spec's error object, thrown by a CNI plugin: `{"cniVersion","code","msg","details"}`.
public struct CNIPluginError: Error, Sendable, CustomStringConvertible {
    /// The spec's code: 1–99 well-known, 100 and up plugin-specific.
    public var code: Int
    /// A short message.
    public var msg: String
    /// Longer details (may be empty).
    public var details: String

    /// Creates an error.
    public init(code: Int, msg: String, details: String = "") {
        self.code = code
        self.msg = msg
        self.details = details
    }

    /// "msg: details".
    public var description: String { details.isEmpty ? msg : "\(msg): \(details)" }

    /// 1: incompatible CNI version.
    public static let incompatibleVersion = 1
    /// 2: unsupported field in the network configuration.
    public static let unsupportedField = 2
    /// 3: container unknown or does not exist.
    public static let unknownContainer = 3
    /// 4: invalid necessary environment variables (CNI_COMMAND, CNI_CONTAINERID, ...).
    public static let invalidEnvironment = 4
    /// 5: I/O failure.
    public static let ioFailure = 5
    /// 6: failed to decode content.
    public static let decodingFailure = 6
    /// 7: invalid network config.
    public static let invalidNetworkConfig = 7
    /// 11: try again later.
    public static let tryAgainLater = 11
    /// 50: the plugin is not available (cannot serve ADD).
    public static let notAvailable = 50
    /// 51: not available, and existing containers may have limited connectivity.
    public static let notAvailableLimitedConnectivity = 51
    /// 999: an error without a code (libcni's internal code).
    public static let internalError = 999

    /// The Keelson status a host sees for this code.
    public var status: keelson_status {
        switch code {
        case 1, 2, 4, 6, 7: Int32(KEELSON_ERR_INVALID_ARGUMENT)
        case 3: Int32(KEELSON_ERR_NOT_FOUND)
        case 11, 50, 51: Int32(KEELSON_ERR_UNAVAILABLE)
        case 100...998: Int32(KEELSON_ERR_FAILED_PRECONDITION)
        default: Int32(KEELSON_ERR_INTERNAL)
        }
    }

    /// The spec's JSON error object.
    public func json(cniVersion: String) -> Data {
        let object: [String: Any] = ["cniVersion": cniVersion, "code": code, "msg": msg, "details": details]
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }
}

/// What the spec passes in CNI_* variables, as the interface's `runtime_json`.
public struct CNIRuntime: Sendable, Decodable {
    /// CNI_CONTAINERID.
    public var containerID: String
    /// CNI_NETNS.
    public var netns: String
    /// CNI_IFNAME.
    public var ifName: String
    /// CNI_ARGS, "K=V;K2=V2".
    public var args: String
    /// CNI_PATH.
    public var path: [String]

    /// Creates the runtime values of one call.
    public init(containerID: String = "", netns: String = "", ifName: String = "", args: String = "", path: [String] = []) {
        self.containerID = containerID
        self.netns = netns
        self.ifName = ifName
        self.args = args
        self.path = path
    }

    /// Decodes the interface's `runtime_json`; missing members are empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        containerID = try c.decodeIfPresent(String.self, forKey: .containerID) ?? ""
        netns = try c.decodeIfPresent(String.self, forKey: .netns) ?? ""
        ifName = try c.decodeIfPresent(String.self, forKey: .ifName) ?? ""
        args = try c.decodeIfPresent(String.self, forKey: .args) ?? ""
        path = try c.decodeIfPresent([String].self, forKey: .path) ?? []
    }

    private enum Keys: String, CodingKey { case containerID, netns, ifName, args, path }

    /// CNI_ARGS split into pairs, in order.
    public var argPairs: [(String, String)] {
        args.split(separator: ";").compactMap { (item: Substring) -> (String, String)? in
            guard let eq = item.firstIndex(of: "=") else { return nil }
            return (String(item[..<eq]), String(item[item.index(after: eq)...]))
        }
    }
}

/// One CNI command's input: the network configuration and the runtime values.
public struct CNIRequest: Sendable {
    /// The network configuration exactly as the host passed it (plugin fields included).
    public var config: Data
    /// Its `cniVersion`.
    public var cniVersion: String
    /// Its `name` (the network name).
    public var name: String
    /// Its `type`.
    public var type: String
    /// The runtime values (CNI_* variables).
    public var runtime: CNIRuntime
    /// GC: the spec's `cni.dev/valid-attachments` as (containerID, ifname) pairs.
    public var validAttachments: [CNIAttachment]
}

/// A (container, interface) pair: the spec's unit of attachment.
public struct CNIAttachment: Sendable, Hashable, Decodable {
    /// The container ID.
    public var containerID: String
    /// The interface name inside it.
    public var ifname: String

    /// Creates an attachment.
    public init(containerID: String, ifname: String) {
        self.containerID = containerID
        self.ifname = ifname
    }
}

/// The C function table (`keelson_cni_v1`) of a Swift CNI plugin; pass `CNIPluginTable.pointer`
/// as the `interface` of `PluginEntry.descriptor`.
public enum CNIPluginTable {
    /// The table, allocated once for the lifetime of the library.
    // Safe to share: written once by the thread-safe lazy initialisation, then only read.
    nonisolated(unsafe) public static let pointer: UnsafeRawPointer = PluginEntry.table(keelson_cni_v1(
        struct_size: UInt32(MemoryLayout<keelson_cni_v1>.size),
        add: { runCNICommand(.add, $0, $1, $2, $3, $4, $5) },
        del: { runCNICommand(.del, $0, $1, $2, $3, $4, $5) },
        check: { runCNICommand(.check, $0, $1, $2, $3, $4, $5) },
        status: { runCNICommand(.status, $0, $1, $2, $3, $4, $5) },
        gc: { runCNICommand(.gc, $0, $1, $2, $3, $4, $5) },
        version: versionHook
    ))

    enum Command: String {
        case add = "ADD", del = "DEL", check = "CHECK", status = "STATUS", gc = "GC"

        /// The oldest configuration version that defines the command.
        var minimumVersion: String? {
            switch self {
            case .add, .del: nil
            case .check: "0.4.0"
            case .status, .gc: "1.1.0"
            }
        }
    }

    private static let versionHook: @convention(c) (OpaquePointer?, UnsafeMutablePointer<keelson_sink>?) -> keelson_status = {
        instance, result in
        InstanceBox.call(instance, as: (any CNIPlugin).self) { plugin in
            if let own = try plugin.version() {
                try Bytes.write(own, to: result)
                return
            }
            let object: [String: Any] = [
                "cniVersion": CNIVersions.latest,
                "supportedVersions": type(of: plugin).supportedVersions,
            ]
            try Bytes.write(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), to: result)
        }
    }

    /// Parses and checks one command's input as the spec requires of every plugin.
    fileprivate static func makeRequest(
        _ command: Command, _ supported: [String], _ config: Data, _ runtimeJSON: Data, _ version: inout String
    ) throws -> CNIRequest {
        guard let object = (try? JSONSerialization.jsonObject(with: config)) as? [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode network configuration",
                                 details: "the configuration is not a JSON object")
        }
        let configVersion = object["cniVersion"] as? String ?? ""
        if supported.contains(configVersion) { version = configVersion }
        guard supported.contains(configVersion) else {
            throw CNIPluginError(code: CNIPluginError.incompatibleVersion, msg: "incompatible CNI versions",
                                 details: "config is \"\(configVersion)\", plugin supports \(supported)")
        }
        if let minimum = command.minimumVersion, !CNIVersions.atLeast(configVersion, minimum) {
            throw CNIPluginError(code: CNIPluginError.incompatibleVersion,
                                 msg: "config version does not allow \(command.rawValue)",
                                 details: "\(command.rawValue) needs cniVersion \(minimum) or later, config is \(configVersion)")
        }
        let runtime: CNIRuntime
        do {
            runtime = runtimeJSON.isEmpty ? CNIRuntime() : try JSONDecoder().decode(CNIRuntime.self, from: runtimeJSON)
        } catch {
            throw CNIPluginError(code: CNIPluginError.invalidEnvironment, msg: "invalid runtime values",
                                 details: "\(error)")
        }
        if command == .add || command == .del || command == .check {
            if runtime.containerID.isEmpty {
                throw CNIPluginError(code: CNIPluginError.invalidEnvironment, msg: "required env variables [CNI_CONTAINERID] missing")
            }
            if command != .del, runtime.netns.isEmpty {
                throw CNIPluginError(code: CNIPluginError.invalidEnvironment, msg: "required env variables [CNI_NETNS] missing")
            }
            if runtime.ifName.isEmpty {
                throw CNIPluginError(code: CNIPluginError.invalidEnvironment, msg: "required env variables [CNI_IFNAME] missing")
            }
        }
        var attachments: [CNIAttachment] = []
        if command == .gc, let list = object["cni.dev/valid-attachments"] {
            guard let items = list as? [[String: Any]] else {
                throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "cni.dev/valid-attachments is not a list of attachments")
            }
            attachments = items.compactMap { item in
                guard let id = item["containerID"] as? String, let ifname = item["ifname"] as? String else { return nil }
                return CNIAttachment(containerID: id, ifname: ifname)
            }
        }
        return CNIRequest(
            config: config, cniVersion: configVersion,
            name: object["name"] as? String ?? "", type: object["type"] as? String ?? "",
            runtime: runtime, validAttachments: attachments)
    }
}

/// One CNI command behind the error barrier; a failure writes the spec's error object to the
/// result sink. (A free function, so the table's C function pointers capture no context.)
private func runCNICommand(
    _ command: CNIPluginTable.Command, _ instance: OpaquePointer?,
    _ config: UnsafePointer<CChar>?, _ configLength: Int,
    _ runtime: UnsafePointer<CChar>?, _ runtimeLength: Int,
    _ result: UnsafeMutablePointer<keelson_sink>?
) -> keelson_status {
    InstanceBox.call(instance, as: (any CNIPlugin).self) { plugin in
        var version = CNIVersions.latest
        do {
            let request = try CNIPluginTable.makeRequest(
                command, type(of: plugin).supportedVersions,
                Bytes.data(config, configLength), Bytes.data(runtime, runtimeLength), &version)
            switch command {
            case .add: try Bytes.write(try plugin.add(request), to: result)
            case .del: try plugin.del(request)
            case .check: try plugin.check(request)
            case .status: try plugin.status(request)
            case .gc: try plugin.gc(request)
            }
        } catch {
            let failure = error as? CNIPluginError
                ?? CNIPluginError(code: CNIPluginError.internalError, msg: "\(error)")
            try? Bytes.write(failure.json(cniVersion: version), to: result)
            throw PluginError(failure.status, "CNI \(command.rawValue) failed: \(failure) (code \(failure.code))")
        }
    }
}
