import Foundation
import PluginSDK

extension RuntimeEngine {
    func createContainer(_ request: CreateContainerRequest) throws -> CreateContainerResponse {
        let (config, metadata, imageName) = try request.validated()
        return try withState { state, now in
            let sandboxID = try state.readySandboxID(request.podSandboxId ?? "")
            // The files below are written from the sandbox as it was before this call's pod IPs.
            guard let sandbox = state.sandboxes[sandboxID] else { throw PluginError.internalError("sandbox vanished") }
            state.adoptPodIPs(sandboxID, from: request.sandboxConfig)
            guard let found = presentImage(imageName, in: state) else {
                throw PluginError.notFound("failed to resolve image \"\(imageName)\": not found")
            }
            let (image, reference) = (found.image, found.reference)
            let name = flavor.containerName(metadata, in: sandbox.metadata)
            try state.ensureFree(name) { flavor.dialect.containerNameConflict(name, holder: $0) }
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
            let id = state.addContainer(
                config, metadata: metadata, name: name, in: sandbox, image: shownImage, imageID: image.id,
                imageRef: imageRef(of: image), environment: environment, now: now,
                details: FakeContainerDetails(
                    logFormat: flavor.logFormat, hostname: sandbox.hostname, plan: plan,
                    usage: ContainerUsage(profile: UsageProfile.of(image.entry.repository), annotations: annotations,
                                          resources: config.linux?.resources),
                    startLatencyMs: annotations.startLatencyMs, fs: fs))
            return CreateContainerResponse(containerId: id)
        }
    }

    func startContainer(_ request: ContainerRequest) throws -> EmptyResponse {
        // Validate first, then take the configured (and annotated) start latency outside the lock.
        let latency = try withState { state, _ in
            let id = try state.startableContainerID(request.containerId ?? "")
            return state.containers[id]?.startLatencyMs ?? 0
        }
        Self.pause(milliseconds: config.startDelayMs + latency)
        return try withState { state, now in
            let id = try state.startableContainerID(request.containerId ?? "")
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
