import Foundation
import Kernel

/// Runs one attempt of a probe against a container: exec through the runtime's ExecSync,
/// httpGet and tcpSocket over sockets to the pod's address (or the probe's `host`).
struct ProbeRunner: Sendable {
    let runtime: RuntimeService
    /// The container's spec entry (for named ports).
    let container: JSONValue
    /// The container's runtime id.
    let containerID: String
    /// The pod's first IP, the default host of network probes.
    let podIP: String?

    /// The attempt's result.
    func run(_ probe: ProbeSpec) async -> ProbeResult {
        switch probe.action {
        case .exec(let command):
            return await exec(command, timeout: probe.timeoutSeconds)
        case .httpGet(let host, let port, let path, let scheme, let headers):
            guard scheme.uppercased() == "HTTP" else { return .failure("scheme \(scheme) is not supported by this kubelet, only HTTP") }
            guard let number = ProbeSpec.resolvePort(port, container: container) else { return .failure("unable to resolve port \(port)") }
            guard let target = host ?? podIP else { return .failure("the pod has no IP address yet") }
            return await SocketProbes.httpGet(host: target, port: number, path: path, headers: headers, timeout: probe.timeoutSeconds)
        case .tcpSocket(let host, let port):
            guard let number = ProbeSpec.resolvePort(port, container: container) else { return .failure("unable to resolve port \(port)") }
            guard let target = host ?? podIP else { return .failure("the pod has no IP address yet") }
            return await SocketProbes.tcp(host: target, port: number, timeout: probe.timeoutSeconds)
        case .grpc(let port):
            return .failure("gRPC probes (port \(port)) are not supported by this kubelet")
        case .unknown:
            return .failure("the probe has no handler (exec, httpGet, tcpSocket or grpc)")
        }
    }

    private func exec(_ command: [String], timeout: Int64) async -> ProbeResult {
        guard !command.isEmpty else { return .failure("the exec probe has no command") }
        do {
            let reply = try await runtime.client.call(.execSync, [
                "containerId": .string(containerID), "cmd": .array(command.map { .string($0) }), "timeout": .int(timeout),
            ])
            let code = reply["exitCode"]?.intValue ?? 0
            if code == 0 { return .success }
            let output = [reply["stdout"], reply["stderr"]].compactMap { value -> String? in
                guard let encoded = value?.stringValue, let data = Data(base64Encoded: encoded) else { return nil }
                return String(decoding: data, as: UTF8.self)
            }.joined()
            let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(trimmed.isEmpty ? "command \(Self.quoted(command)) exited with \(code)" : trimmed)
        } catch let error as PluginCallError where error.statusName == "TIMEOUT" {
            return .failure("command \(Self.quoted(command)) timed out")
        } catch {
            return .failure("\(error)")
        }
    }

    private static func quoted(_ command: [String]) -> String {
        "\"" + command.joined(separator: " ") + "\""
    }
}
