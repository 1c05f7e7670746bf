import Foundation
import PluginSDK

extension ProcessEngine {
    /// Any well-formed reference "pulls" at once: nothing is downloaded, the name is recorded.
    func pullImage(_ request: PullImageRequest) throws -> PullImageResponse {
        let text = try request.imageName()
        let reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch {
            throw PluginError.invalidArgument("failed to pull image \"\(text)\": parse image reference: \(error.reason)")
        }
        return try withState { state, _ in
            if let present = state.images.find(reference.description) { return PullImageResponse(imageRef: present.id) }
            return PullImageResponse(imageRef: state.images.add(reference).id)
        }
    }

    /// ListImages: all images, or the one `filter.image` names.
    func listImages(_ request: ListImagesRequest) throws -> ListImagesResponse {
        try withState { state, _ in
            if let wanted = request.filter?.image?.image, !wanted.isEmpty {
                return ListImagesResponse(images: state.images.find(wanted).map { [$0.message] } ?? [])
            }
            return ListImagesResponse(images: state.images.all.map(\.message))
        }
    }

    /// ImageStatus: the image, or no image (not an error) when it is not present.
    func imageStatus(_ request: ImageStatusRequest) throws -> ImageStatusResponse {
        let text = try request.imageName()
        return try withState { state, _ in
            guard let image = state.images.find(text) else {
                return ImageStatusResponse(image: nil, info: [:])  // not present: empty, not an error
            }
            var info: [String: String] = [:]
            if request.verbose == true {
                let command = ProcessImages.defaultCommand(repository: image.repository, configured: config.imageCommands)
                let data = (try? JSONSerialization.data(
                    withJSONObject: ["imageSpec": ["config": ["Cmd": command]]], options: [.sortedKeys])) ?? Data()
                info["info"] = String(decoding: data, as: UTF8.self)
            }
            return ImageStatusResponse(image: image.message, info: info)
        }
    }

    /// RemoveImage: the image with all its tags; a missing image succeeds.
    func removeImage(_ request: RemoveImageRequest) throws -> EmptyResponse {
        let text = try request.imageName()
        return try withState { state, _ in
            if let image = state.images.find(text) { state.images.remove(id: image.id) }
            return EmptyResponse()
        }
    }

    /// The file system the containers' programs and logs live on, as `statvfs` sees it; the
    /// images themselves take no space.
    func imageFsInfo() throws -> ImageFsInfoResponse {
        let now = Identifiers.now()
        var info = statvfs()
        var used: UInt64 = 0
        var inodes: UInt64 = 0
        if statvfs("/", &info) == 0 {
            used = (UInt64(info.f_blocks) - UInt64(info.f_bfree)) * UInt64(info.f_frsize)
            inodes = UInt64(info.f_files) - UInt64(info.f_ffree)
        }
        let imageUsage = FilesystemUsage(
            timestamp: ProtoInt64(now), fsId: FilesystemIdentifier(mountpoint: "/"),
            usedBytes: UInt64Value(0), inodesUsed: UInt64Value(0))
        let containerUsage = FilesystemUsage(
            timestamp: ProtoInt64(now), fsId: FilesystemIdentifier(mountpoint: "/"),
            usedBytes: UInt64Value(used), inodesUsed: UInt64Value(inodes))
        return ImageFsInfoResponse(imageFilesystems: [imageUsage], containerFilesystems: [containerUsage])
    }
}
