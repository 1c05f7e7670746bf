import Foundation
import PluginSDK

extension RuntimeEngine {
    func createContainer(_ request: CreateContainerRequest) throws -> CreateContainerResponse {
        guard let config = request.config, let metadata = config.metadata, !metadata.name.isEmpty else {
            throw PluginError.invalidArgument("container config must include metadata with a name")
        }
        guard let imageName = config.image?.image, !imageName.isEmpty else {
            throw PluginError.invalidArgument("container config must include an image")
        }
        return try withState { state, now in
            let sandboxID = try state.sandboxID(request.podSandboxId ?? "")
            guard let sandbox = state.sandboxes[sandboxID] else { throw PluginError.internalError("sandbox vanished") }
            guard sandbox.state == .SANDBOX_READY else {
                throw PluginError.failedPrecondition("sandbox container \"\(sandboxID)\" is not running")
            }
            // The kubelet runs the CNI chain after RunPodSandbox (the attachment is keyed by the
            // sandbox id), so the pod IP reaches the runtime with the sandbox config it sends here.
            if sandbox.ip == nil, let annotations = request.sandboxConfig?.annotations {
                let (ip, more) = Self.podIPs(in: annotations)
                if let ip {
                    state.sandboxes[sandboxID]?.ip = ip
                    state.sandboxes[sandboxID]?.additionalIPs = more
                }
            }
            guard let found = presentImage(imageName, in: state) else {
                throw PluginError.notFound("failed to resolve image \"\(imageName)\": not found")
            }
            let (image, reference) = (found.image, found.reference)
            let name = flavor.containerName(metadata, in: sandbox.metadata)
            if let holder = state.names[name] {
                throw PluginError.alreadyExists(flavor.dialect.containerNameConflict(name, holder: holder))
            }
            let annotations: ContainerAnnotations
            do {
                annotations = try ContainerAnnotations(
                    container: config.annotations ?? [:], pod: sandbox.annotations, containerName: metadata.name)
            } catch let error as ContainerAnnotations.Invalid {
                throw PluginError.invalidArgument("failed to generate container spec: \(error.message)")
            }
            let environment = Self.environment(image: image.entry, config: config, hostname: sandbox.hostname)
            let plan: ContainerProcess
            do {
                plan = try ContainerProcess(
                    command: config.command ?? [], args: config.args ?? [], image: image.entry,
                    environment: environment, stdin: config.stdin ?? false)
            } catch let error as ContainerProcess.Invalid {
                throw PluginError.invalidArgument("failed to generate container spec: \(error.reason)")
            }
            let display = flavor.images.display
            let shownImage = display.name(reference?.description ?? image.repoTags.first ?? image.id)
            let mounts = config.mounts ?? []
            let fs = ContainerFilesystem(
                files: Self.files(image: image.entry, sandbox: sandbox), mounts: mounts,
                workingDir: config.workingDir?.isEmpty == false ? config.workingDir! : image.entry.workingDir)
            let id = Identifiers.random()
            state.names[name] = id
            state.containers[id] = ContainerRecord(
                id: id, sandboxID: sandboxID, name: name, metadata: metadata,
                image: ImageSpec(image: shownImage, annotations: config.image?.annotations ?? [:],
                                 userSpecifiedImage: config.image?.userSpecifiedImage ?? ""),
                imageID: image.id, imageRef: imageRef(of: image),
                labels: config.labels ?? [:], annotations: config.annotations ?? [:], mounts: mounts,
                logPath: ContainerLog.path(directory: sandbox.config.logDirectory, file: config.logPath),
                logFormat: flavor.logFormat, environment: environment, hostname: sandbox.hostname, plan: plan,
                createdAt: now,
                usage: ContainerUsage(profile: UsageProfile.of(image.entry.repository), annotations: annotations,
                                      resources: config.linux?.resources),
                startLatencyMs: annotations.startLatencyMs, fs: fs)
            return CreateContainerResponse(containerId: id)
        }
    }

    func startContainer(_ request: ContainerRequest) throws -> EmptyResponse {
        // Validate first, then take the configured (and annotated) start latency outside the lock.
        let latency = try withState { state, _ in
            let id = try startable(&state, request.containerId ?? "")
            return state.containers[id]?.startLatencyMs ?? 0
        }
        Self.pause(milliseconds: config.startDelayMs + latency)
        return try withState { state, now in
            let id = try startable(&state, request.containerId ?? "")
            guard var record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            record.state = .CONTAINER_RUNNING
            record.startedAt = now
            record.process = record.plan.start(at: now, environment: record.environment, hostname: record.hostname)
            record.oomAt = record.usage.oomTime(startedAt: now)
            if !record.logPath.isEmpty, !FileManager.default.fileExists(atPath: record.logPath) {
                try? FileManager.default.createDirectory(
                    atPath: (record.logPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                _ = FileManager.default.createFile(atPath: record.logPath, contents: nil)
            }
            state.containers[id] = record
            return EmptyResponse()
        }
    }

    /// The ID of a container that may start now: CREATED, in a READY sandbox.
    private func startable(_ state: inout RuntimeState, _ requested: String) throws -> String {
        let id = try state.containerID(requested)
        guard let record = state.containers[id] else { throw PluginError.internalError("container vanished") }
        guard record.state == .CONTAINER_CREATED else {
            throw PluginError.failedPrecondition("container \"\(id)\" is in \(record.state.rawValue) state")
        }
        guard state.sandboxes[record.sandboxID]?.state == .SANDBOX_READY else {
            throw PluginError.failedPrecondition("sandbox container \"\(record.sandboxID)\" is not running")
        }
        return id
    }

    func stopContainer(_ request: StopContainerRequest) throws -> EmptyResponse {
        try withState { state, now in
            let id = try state.containerID(request.containerId ?? "")
            state.kill(id, now: now, graceful: (request.timeout?.value ?? 0) > 0, flavor: flavor)
            return EmptyResponse()
        }
    }

    func removeContainer(_ request: ContainerRequest) throws -> EmptyResponse {
        try withState { state, now in
            guard let id = try? state.containerID(request.containerId ?? ""), let record = state.containers[id] else {
                return EmptyResponse()  // already removed: CRI requires success
            }
            state.kill(id, now: now, graceful: false, flavor: flavor)
            state.containers[id] = nil
            state.names[record.name] = nil
            return EmptyResponse()
        }
    }

    func listContainers(_ request: ListContainersRequest) throws -> ListContainersResponse {
        try withState { state, _ in
            let filter = request.filter
            let items = state.containers.values.filter { container in
                if let id = filter?.id, !id.isEmpty, !container.id.hasPrefix(id) { return false }
                if let sandbox = filter?.podSandboxId, !sandbox.isEmpty, !container.sandboxID.hasPrefix(sandbox) { return false }
                if let wanted = filter?.state?.state, container.state != wanted { return false }
                return RuntimeState.matches(container.labels, filter?.labelSelector)
            }
            return ListContainersResponse(containers: items.sorted { $0.createdAt < $1.createdAt }.map(\.listItem))
        }
    }

    func containerStatus(_ request: ContainerRequest) throws -> ContainerStatusResponse {
        try withState { state, _ in
            let id = try state.containerID(request.containerId ?? "")
            guard let record = state.containers[id] else { throw PluginError.internalError("container vanished") }
            var info: [String: String] = [:]
            if request.verbose == true {
                let argv = (try? JSONSerialization.data(withJSONObject: record.plan.argv)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
                info["info"] = "{\"sandboxID\":\"\(record.sandboxID)\",\"args\":\(argv)}"
            }
            return ContainerStatusResponse(status: record.status, info: info)
        }
    }

    /// The container's environment: the image's ENV, then the config's envs (overriding by
    /// name), with HOSTNAME first as containerd sets it.
    static func environment(image: CatalogueEntry, config: ContainerConfig, hostname: String) -> [(String, String)] {
        var pairs: [(String, String)] = [("HOSTNAME", hostname)] + image.env
        for kv in config.envs ?? [] where !kv.key.isEmpty {
            if let index = pairs.firstIndex(where: { $0.0 == kv.key }) {
                pairs[index].1 = kv.value
            } else {
                pairs.append((kv.key, kv.value))
            }
        }
        return pairs
    }

    /// The image's files plus what the runtime writes into every container.
    static func files(image: CatalogueEntry, sandbox: SandboxRecord) -> [String: String] {
        var files = image.files
        files["/etc/hostname"] = sandbox.hostname + "\n"
        var hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        if let ip = sandbox.ip { hosts += "\(ip)\t\(sandbox.hostname)\n" }
        files["/etc/hosts"] = hosts
        if let dns = sandbox.config.dnsConfig {
            var text = ""
            if let searches = dns.searches, !searches.isEmpty { text += "search \(searches.joined(separator: " "))\n" }
            for server in dns.servers ?? [] { text += "nameserver \(server)\n" }
            if let options = dns.options, !options.isEmpty { text += "options \(options.joined(separator: " "))\n" }
            files["/etc/resolv.conf"] = text
        }
        return files
    }
}
