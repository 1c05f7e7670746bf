import Foundation
import PluginSDK

/// The exec plugin: every command runs a real CNI plugin executable, found by name in CNI_PATH
/// (the runtime values' `path`, then the instance's `path`), exactly as a container runtime
/// runs one. Its result or error object comes back unchanged.
final class ExecPlugin: CNIPlugin {
    /// The instance's `binary`: used when a network config names none.
    private let defaultBinary: String?
    /// Folders searched after CNI_PATH.
    private let extraPath: [String]
    /// Seconds a command may run before it is killed.
    private let timeout: Double

    init(host: KeelsonHost, config: Data) throws {
        let object = config.isEmpty ? [:] : (try? JSONSerialization.jsonObject(with: config)) as? [String: Any]
        guard let object else { throw PluginError.invalidArgument("exec config must be a JSON object") }
        defaultBinary = (object["binary"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        extraPath = object["path"] as? [String] ?? ["/opt/cni/bin", "/usr/lib/cni"]
        let seconds = (object["timeoutSeconds"] as? NSNumber)?.doubleValue ?? 30
        guard seconds > 0 else { throw PluginError.invalidArgument("exec config: timeoutSeconds must be positive") }
        timeout = seconds
    }

    /// The instance config; the cluster config's `config` is also the network configuration,
    /// so the executable's own fields are allowed through.
    static let schema = """
    {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",\
    "properties":{\
    "binary":{"type":"string","description":"The executable: a name looked up in CNI_PATH, or a path. Default: the network config's type."},\
    "path":{"type":"array","items":{"type":"string"},"description":"Folders searched after CNI_PATH (default /opt/cni/bin, /usr/lib/cni)."},\
    "timeoutSeconds":{"type":"number","exclusiveMinimum":0,"description":"A command running longer is killed (default 30)."}}}
    """

    func add(_ request: CNIRequest) throws -> Data {
        let stdout = try execute("ADD", request)
        guard (try? JSONSerialization.jsonObject(with: stdout)) is [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode the plugin's result",
                                 details: String(decoding: stdout.prefix(500), as: UTF8.self))
        }
        return stdout
    }

    func del(_ request: CNIRequest) throws { _ = try execute("DEL", request) }
    func check(_ request: CNIRequest) throws { _ = try execute("CHECK", request) }
    func status(_ request: CNIRequest) throws { _ = try execute("STATUS", request) }
    func gc(_ request: CNIRequest) throws { _ = try execute("GC", request) }

    /// With an instance `binary`, VERSION is that executable's answer.
    func version() throws -> Data? {
        guard let defaultBinary else { return nil }
        let executable = try locate(defaultBinary, path: [])
        let stdin = Data("{\"cniVersion\":\"\(CNIVersions.latest)\"}".utf8)
        let stdout = try run(executable, command: "VERSION", runtime: CNIRuntime(), path: extraPath, stdin: stdin, timeout: timeout)
        guard (try? JSONSerialization.jsonObject(with: stdout)) is [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode the plugin's version",
                                 details: String(decoding: stdout.prefix(500), as: UTF8.self))
        }
        return stdout
    }

    /// Runs one command for a request and returns the executable's stdout.
    private func execute(_ command: String, _ request: CNIRequest) throws -> Data {
        guard var config = (try? JSONSerialization.jsonObject(with: request.config)) as? [String: Any] else {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "failed to decode network configuration")
        }
        let type = config["type"] as? String ?? ""
        guard let binary = (config["binary"] as? String).flatMap({ $0.isEmpty ? nil : $0 }) ?? defaultBinary ?? (type == "exec" || type.isEmpty ? nil : type) else {
            throw CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: "exec: no plugin to run",
                                 details: "set \"binary\", or a \"type\" other than exec")
        }
        var seconds = timeout
        if let value = (config["timeoutSeconds"] as? NSNumber)?.doubleValue, value > 0 { seconds = value }
        // The executable sees its own network configuration: exec's fields (binary,
        // timeoutSeconds, path) go, and a type of
        // "exec" becomes the executable's name, as if a runtime had called it directly.
        for own in ["binary", "timeoutSeconds", "path"] { config[own] = nil }
        if type == "exec" || type.isEmpty { config["type"] = (binary as NSString).lastPathComponent }
        let stdin: Data
        do {
            stdin = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw CNIPluginError(code: CNIPluginError.decodingFailure, msg: "cannot encode network configuration", details: "\(error)")
        }
        let path = request.runtime.path + extraPath.filter { !request.runtime.path.contains($0) }
        let executable = try locate(binary, path: request.runtime.path)
        return try run(executable, command: command, runtime: request.runtime, path: path, stdin: stdin, timeout: seconds)
    }

    /// The executable's path: `binary` itself when it holds a '/', else the first executable
    /// file of that name in `path` and then the instance's folders.
    private func locate(_ binary: String, path: [String]) throws -> String {
        let manager = FileManager.default
        if binary.contains("/") {
            guard manager.isExecutableFile(atPath: binary) else {
                throw CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: "failed to find plugin \"\(binary)\"",
                                     details: "not an executable file")
            }
            return binary
        }
        let folders = path + extraPath.filter { !path.contains($0) }
        for folder in folders {
            let candidate = (folder as NSString).appendingPathComponent(binary)
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CNIPluginError(code: CNIPluginError.invalidNetworkConfig, msg: "failed to find plugin \"\(binary)\" in path \(folders)")
    }

    /// Runs the executable; exit 0 returns stdout, anything else throws its error object.
    private func run(_ executable: String, command: String, runtime: CNIRuntime, path: [String], stdin: Data, timeout: Double) throws -> Data {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CNI_") }
        environment["CNI_COMMAND"] = command
        environment["CNI_CONTAINERID"] = runtime.containerID
        environment["CNI_NETNS"] = runtime.netns
        environment["CNI_IFNAME"] = runtime.ifName
        environment["CNI_ARGS"] = runtime.args
        environment["CNI_PATH"] = path.joined(separator: ":")
        let outcome = try PluginProcess(executable: executable, environment: environment, stdin: stdin, timeout: timeout).run()
        if outcome.timedOut {
            throw CNIPluginError(code: CNIPluginError.internalError, msg: "\(executable) \(command) timed out after \(timeout) s and was killed")
        }
        if outcome.exitCode == 0 { return outcome.stdout }
        if let object = (try? JSONSerialization.jsonObject(with: outcome.stdout)) as? [String: Any], let code = object["code"] as? Int {
            throw CNIPluginError(code: code, msg: object["msg"] as? String ?? "", details: object["details"] as? String ?? "")
        }
        let text = String(decoding: (outcome.stdout.isEmpty ? outcome.stderr : outcome.stdout).prefix(1000), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        throw CNIPluginError(code: CNIPluginError.internalError, msg: "netplugin failed: \"\(text)\"",
                             details: "\(executable) exited with status \(outcome.exitCode)")
    }
}
