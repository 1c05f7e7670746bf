import Foundation
import PluginSDK

extension RuntimeEngine {
    func pullImage(_ request: PullImageRequest) throws -> PullImageResponse {
        guard let text = request.image?.image, !text.isEmpty else {
            throw PluginError.invalidArgument("image must be specified")
        }
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch {
            throw PluginError.invalidArgument("failed to pull image \"\(text)\": parse image reference: \(error.reason)")
        }
        if let present = try withState({ state, _ in state.images.find(reference.description)?.id }) {
            return PullImageResponse(imageRef: present)
        }
        let entry: CatalogueEntry
        do {
            entry = try catalogue.lookup(reference)
        } catch .repositoryNotFound {
            throw PluginError.notFound(
                "failed to pull and unpack image \"\(reference)\": failed to resolve reference \"\(reference)\": "
                    + "pull access denied, repository does not exist or may require authorization: "
                    + "server message: insufficient_scope: authorization failed")
        } catch {
            throw PluginError.unavailable(
                "failed to pull and unpack image \"\(reference)\": failed to resolve reference \"\(reference)\": "
                    + "registry \"\(reference.domain)\" cannot be reached from this node (not in allowedRegistries)")
        }
        Self.pause(milliseconds: config.pullDelayMs)
        return try withState { state, _ in
            PullImageResponse(imageRef: state.images.add(reference, entry: entry).id)
        }
    }

    func listImages(_ request: ListImagesRequest) throws -> ListImagesResponse {
        try withState { state, _ in
            if let wanted = request.filter?.image?.image, !wanted.isEmpty {
                return ListImagesResponse(images: state.images.find(wanted).map { [$0.message] } ?? [])
            }
            return ListImagesResponse(images: state.images.all.map(\.message))
        }
    }

    func imageStatus(_ request: ImageStatusRequest) throws -> ImageStatusResponse {
        guard let text = request.image?.image, !text.isEmpty else {
            throw PluginError.invalidArgument("image must be specified")
        }
        return try withState { state, _ in
            guard let image = state.images.find(text) else {
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
            return ImageStatusResponse(image: image.message, info: info)
        }
    }

    func removeImage(_ request: RemoveImageRequest) throws -> EmptyResponse {
        guard let text = request.image?.image, !text.isEmpty else {
            throw PluginError.invalidArgument("image must be specified")
        }
        return try withState { state, _ in
            if let image = state.images.find(text) { state.images.remove(id: image.id) }
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
}
