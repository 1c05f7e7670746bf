import Dispatch
import Foundation
import Kernel

/// Drives one runtime instance through the pod lifecycle in rounds and times every CRI call.
///
/// A round creates `podsPerRound` sandboxes with one running container each (a node's worth of
/// pods), then takes them down again, one method at a time, so each method is timed over
/// `podsPerRound` calls against the same population: RunPodSandbox, PodSandboxStatus,
/// CreateContainer, StartContainer, ContainerStatus, ListContainers (empty filter, as the
/// kubelet's relister asks, so it returns every container of the round), StopContainer,
/// RemoveContainer, StopPodSandbox, RemovePodSandbox. Each round also times `Version`, the
/// peer: the same host path (request JSON, hop onto the instance's queue, the C call, the result
/// sink, response JSON) with next to nothing done inside the plugin.
struct LifecycleBenchmark {
    /// The runtime client, bound to one instance.
    let client: RuntimePluginClient
    /// Pods (sandbox + container) alive at once in a round.
    let podsPerRound: Int
    /// Rounds timed (after one untimed warm-up round).
    let rounds: Int
    /// The folder the sandboxes' log directories go in (a temporary folder, never /var/log/pods).
    let logRoot: String

    /// The methods reported, in lifecycle order, with the peer first.
    static let methods: [RuntimePluginClient.Method] = [
        .version, .runPodSandbox, .podSandboxStatus, .createContainer, .startContainer,
        .containerStatus, .listContainers, .stopContainer, .removeContainer, .stopPodSandbox, .removePodSandbox,
    ]

    /// Runs the warm-up and the timed rounds; returns one sample per method, in `methods` order.
    func run() async throws -> [CallSample] {
        _ = try await client.pullImage(CRIMessages.image)
        var timer = PhaseTimer(client: client)
        try await round(0, &timer)
        timer.samples = [:]
        for index in 1...rounds {
            try await round(index, &timer)
        }
        return Self.methods.map { timer.samples[$0] ?? CallSample(method: $0.rawValue) }
    }

    /// One round: `podsPerRound` pods up and down again, every call timed into `timer`.
    private func round(_ index: Int, _ timer: inout PhaseTimer) async throws {
        let pods = (0..<podsPerRound).map { ordinal -> (name: String, uid: String) in
            let name = "bench-\(index)-\(ordinal)"
            return (name, "00000000-0000-4000-8000-\(String(index * 100_000 + ordinal, radix: 16).leftPadded(12))")
        }
        for _ in pods {
            _ = try await timer.time(.version, ["version": "v1"])
        }
        var sandboxes: [String] = []
        for pod in pods {
            let response = try await timer.time(.runPodSandbox, ["config": CRIMessages.sandboxConfig(pod.name, uid: pod.uid, logRoot: logRoot)])
            sandboxes.append(try Self.field(response, "podSandboxId"))
        }
        for sandbox in sandboxes {
            _ = try await timer.time(.podSandboxStatus, ["podSandboxId": .string(sandbox)])
        }
        var containers: [String] = []
        for (pod, sandbox) in zip(pods, sandboxes) {
            let response = try await timer.time(.createContainer, [
                "podSandboxId": .string(sandbox),
                "config": CRIMessages.containerConfig(pod: pod.name, uid: pod.uid),
                "sandboxConfig": CRIMessages.sandboxConfig(pod.name, uid: pod.uid, logRoot: logRoot),
            ])
            containers.append(try Self.field(response, "containerId"))
        }
        for container in containers {
            _ = try await timer.time(.startContainer, ["containerId": .string(container)])
        }
        for container in containers {
            let response = try await timer.time(.containerStatus, ["containerId": .string(container)])
            guard response[path: "status", "state"]?.stringValue == "CONTAINER_RUNNING" else {
                throw BenchmarkFailure("container \(container) is not running after StartContainer: \(response.serializedString)")
            }
        }
        for _ in containers {
            let response = try await timer.time(.listContainers, ["filter": [:]])
            let listed = response["containers"]?.arrayValue?.count ?? 0
            guard listed == containers.count else {
                throw BenchmarkFailure("ListContainers returned \(listed) containers, expected \(containers.count)")
            }
        }
        for container in containers {
            _ = try await timer.time(.stopContainer, ["containerId": .string(container), "timeout": "30"])
        }
        for container in containers {
            _ = try await timer.time(.removeContainer, ["containerId": .string(container)])
        }
        for sandbox in sandboxes {
            _ = try await timer.time(.stopPodSandbox, ["podSandboxId": .string(sandbox)])
        }
        for sandbox in sandboxes {
            _ = try await timer.time(.removePodSandbox, ["podSandboxId": .string(sandbox)])
        }
    }

    /// The non-empty string field `name` of a response, or a failure quoting the response.
    private static func field(_ response: JSONValue, _ name: String) throws -> String {
        guard let value = response[name]?.stringValue, !value.isEmpty else {
            throw BenchmarkFailure("the response has no \(name): \(response.serializedString)")
        }
        return value
    }
}

/// Times calls into the samples it holds: the caller's wall time per call, and the time the host
/// measured inside the plugin (the instance's PluginCallStatistics, read before and after).
struct PhaseTimer {
    /// The runtime client.
    let client: RuntimePluginClient
    /// The samples so far, by method.
    var samples: [RuntimePluginClient.Method: CallSample] = [:]

    /// Calls `method` with `request`, records the durations, returns the response.
    mutating func time(_ method: RuntimePluginClient.Method, _ request: JSONValue) async throws -> JSONValue {
        let before = client.instance.statistics.operations[method.rawValue]?.totalNanoseconds ?? 0
        let started = DispatchTime.now().uptimeNanoseconds
        let response = try await client.call(method, request)
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        let after = client.instance.statistics.operations[method.rawValue]?.totalNanoseconds ?? 0
        samples[method, default: CallSample(method: method.rawValue)].nanoseconds.append(elapsed)
        samples[method, default: CallSample(method: method.rawValue)].pluginNanoseconds += after - before
        return response
    }
}

/// Why the benchmark stopped: a runtime answered something a kubelet could not go on with.
struct BenchmarkFailure: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// A failure saying `description`.
    init(_ description: String) { self.description = description }
}

extension String {
    /// The string padded on the left with zeros to `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension JSONValue {
    /// The value as compact JSON text, for messages.
    var serializedString: String { String(decoding: serialized(), as: UTF8.self) }
}
