import Foundation
import PluginSDK

extension RuntimeEngine {
    /// The references an image name may mean under the flavor's rules, or the CRI error for a
    /// name that is malformed or cannot be resolved.
    func imageCandidates(_ text: String, action: String) throws -> [ImageReference] {
        do {
            return try flavor.images.candidates(text, config: config)
        } catch let error as ImageReference.Invalid {
            throw PluginError.invalidArgument("failed to \(action) image \"\(text)\": parse image reference: \(error.reason)")
        } catch let error as ImageNaming.Unresolvable {
            throw PluginError.notFound(error.message)
        }
    }

    /// The present image `text` names (an image ID, or a reference resolved the flavor's way)
    /// and the reference that found it (nil when found by ID).
    func presentImage(_ text: String, in state: RuntimeState) -> (image: StoredImage, reference: ImageReference?)? {
        if let image = state.images.find(id: text) { return (image, nil) }
        guard let candidates = try? flavor.images.candidates(text, config: config) else { return nil }
        for reference in candidates {
            if let image = state.images.find(reference) { return (image, reference) }
        }
        return nil
    }

    func pullImage(_ request: PullImageRequest) throws -> PullImageResponse {
        let text = try request.imageName()
        let candidates = try imageCandidates(text, action: "pull")
        if let present = try withState({ state, _ in candidates.compactMap { state.images.find($0)?.id }.first }) {
            return PullImageResponse(imageRef: present)
        }
        var failures: [PluginError] = []
        for reference in candidates {
            let entry: CatalogueEntry
            do {
                entry = try catalogue.lookup(reference)
            } catch .repositoryNotFound {
                failures.append(PluginError.notFound(flavor.dialect.repositoryNotFound(reference)))
                continue
            } catch {
                failures.append(PluginError.unavailable(flavor.dialect.registryUnreachable(reference)))
                continue
            }
            Self.pause(milliseconds: config.pullDelayMs)
            return try withState { state, _ in
                PullImageResponse(imageRef: state.images.add(reference, entry: entry).id)
            }
        }
        guard candidates.count > 1, let last = failures.last else {
            throw failures.last ?? PluginError.notFound("image \"\(text)\" not found")
        }
        throw PluginError(last.status, flavor.dialect.shortNameNotFound(text, tried: candidates.map(\.description), last: last.message))
    }

    func listImages(_ request: ListImagesRequest) throws -> ListImagesResponse {
        try withState { state, _ in
            if let wanted = request.filter?.image?.image, !wanted.isEmpty {
                return ListImagesResponse(images: presentImage(wanted, in: state).map { [$0.image.message(flavor.images.display)] } ?? [])
            }
            return ListImagesResponse(images: state.images.all.map { $0.message(flavor.images.display) })
        }
    }

    func imageStatus(_ request: ImageStatusRequest) throws -> ImageStatusResponse {
        let text = try request.imageName()
        return try withState { state, _ in
            guard let image = presentImage(text, in: state)?.image else {
                return ImageStatusResponse(image: nil, info: [:])  // not present: empty, not an error
            }
            var info: [String: String] = [:]
            if request.verbose == true {
                let config: [String: Any] = [
                    "Entrypoint": image.entry.entrypoint, "Cmd": image.entry.cmd,
                    "Env": image.entry.env.map { "\($0.0)=\($0.1)" }, "WorkingDir": image.entry.workingDir,
                ]
                let data = (try? JSONSerialization.data(withJSONObject: ["imageSpec": ["config": config]], options: [.sortedKeys])) ?? Data()
                info["info"] = String(decoding: data, as: UTF8.self)
            }
            return ImageStatusResponse(image: image.message(flavor.images.display), info: info)
        }
    }

    func removeImage(_ request: RemoveImageRequest) throws -> EmptyResponse {
        let text = try request.imageName()
        return try withState { state, _ in
            if let image = presentImage(text, in: state)?.image { state.images.remove(id: image.id) }
            return EmptyResponse()
        }
    }

    func imageFsInfo() throws -> ImageFsInfoResponse {
        try withState { state, now in
            let images = state.images.all
            let used = images.reduce(UInt64(0)) { $0 + $1.size }
            let usage = FilesystemUsage(
                timestamp: ProtoInt64(now), fsId: FilesystemIdentifier(mountpoint: flavor.imageFsMountpoint),
                usedBytes: UInt64Value(used), inodesUsed: UInt64Value(UInt64(images.count) * 1_024))
            return ImageFsInfoResponse(imageFilesystems: [usage], containerFilesystems: [])
        }
    }

    /// What `ContainerStatus.imageRef` says for `image`, the flavor's way.
    func imageRef(of image: StoredImage) -> String {
        switch flavor.images.imageRefStyle {
        case .repoDigest:
            return image.repoDigests.first ?? image.id
        case .dockerPullable:
            guard let digest = image.repoDigests.first else { return "docker://" + image.id }
            return "docker-pullable://" + ImageDisplay.familiar.name(digest)
        }
    }
}
