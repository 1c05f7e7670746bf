import Hummingbird
import Kernel

/// `/containerLogs/{namespace}/{pod}/{container}`: a container's log as plain text, streamed
/// (chunked); with `follow` it stays open until the container exits or the client goes away.
struct ContainerLogsEndpoint: Sendable {
    /// What the kubelet knows.
    let view: KubeletView

    /// The log of one container; throws `ContainerLogError` for an unknown pod or container
    /// or a log that does not exist (yet).
    func respond(_ request: Request, namespace: String, pod name: String, container: String,
                 options: ContainerLogOptions) async throws -> Response {
        guard let pod = try await view.pod(namespace: namespace, name: name), let uid = pod.uid else {
            throw ContainerLogError.notFound("pod \"\(name)\" not found in namespace \"\(namespace)\" on node \"\(view.node.name)\"")
        }
        let spec = PodView(pod: pod)
        guard (spec.containers + spec.initContainers).contains(where: { $0.name == container }) else {
            throw ContainerLogError.notFound("container \"\(container)\" not found in pod \"\(name)\"")
        }
        let files = view.logFiles
        let attempts = files.attempts(namespace: namespace, pod: name, uid: uid, container: container)
        let attempt: Int
        if options.previous {
            guard attempts.count >= 2 else {
                throw ContainerLogError.badRequest("previous terminated container \"\(container)\" in pod \"\(name)\" not found")
            }
            attempt = attempts[attempts.count - 2]
        } else {
            guard let last = attempts.last else {
                let reason = Self.waitingReason(pod, container: container) ?? "ContainerCreating"
                throw ContainerLogError.badRequest("container \"\(container)\" in pod \"\(name)\" is waiting to start: \(reason)")
            }
            attempt = last
        }
        let reader = ContainerLogReader(
            path: files.path(namespace: namespace, pod: name, uid: uid, container: container, attempt: attempt), options: options)
        let runtime = view.runtime
        let current = !options.previous
        let body = ResponseBody { writer in
            let isRunning: @Sendable () async -> Bool = {
                guard current else { return false }
                return await runtime.isRunning(podUID: uid, container: container, attempt: attempt)
            }
            do {
                if options.follow {
                    try await request.body.consumeWithCancellationOnInboundClose { _ in
                        try await reader.read(isRunning: isRunning) { try await writer.write(ByteBuffer(string: $0)) }
                    }
                } else {
                    try await reader.read(isRunning: isRunning) { try await writer.write(ByteBuffer(string: $0)) }
                }
            } catch {
                // The client went away: nothing left to tell anyone.
            }
            try? await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The container's `state.waiting.reason` in the pod's status.
    private static func waitingReason(_ pod: JSONValue, container: String) -> String? {
        let statuses = (pod[path: "status", "containerStatuses"]?.arrayValue ?? [])
            + (pod[path: "status", "initContainerStatuses"]?.arrayValue ?? [])
        return statuses.first { $0["name"]?.stringValue == container }?[path: "state", "waiting", "reason"]?.stringValue
    }
}

extension RuntimeService {
    /// Whether the runtime's instance `attempt` of the pod's container is created or running
    /// (false once it exited or is gone, or when the runtime cannot tell).
    func isRunning(podUID: String, container: String, attempt: Int) async -> Bool {
        guard let listed = try? await listContainers() else { return false }
        for summary in listed where summary.labels[CRILabels.podUID] == podUID && summary.labels[CRILabels.containerName] == container {
            guard summary.state == .running || summary.state == .created,
                  let snapshot = try? await containerStatus(summary.id), snapshot.attempt == Int64(attempt) else { continue }
            return snapshot.state == .running || snapshot.state == .created
        }
        return false
    }
}
