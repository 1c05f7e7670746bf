import Foundation

// ImageService messages (runtime.v1).

struct ImageFilter: Decodable {
    var image: ImageSpec?
}

struct ListImagesRequest: Decodable {
    var filter: ImageFilter?
}

/// `Image`.
struct Image: Encodable {
    var id: String
    var repoTags: [String]
    var repoDigests: [String]
    var size: ProtoUInt64
    var uid: Int64Value?
    var username: String
    var spec: ImageSpec
    var pinned: Bool

    enum CodingKeys: String, CodingKey {
        case id, repoTags, repoDigests, size, uid, username, spec, pinned
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(repoTags, forKey: .repoTags)
        try c.encode(repoDigests, forKey: .repoDigests)
        try c.encode(size, forKey: .size)
        try c.encodeIfPresent(uid, forKey: .uid)
        try c.encode(username, forKey: .username)
        try c.encode(spec, forKey: .spec)
        try c.encode(pinned, forKey: .pinned)
    }
}

struct ListImagesResponse: Encodable {
    var images: [Image]
}

struct ImageStatusRequest: Decodable {
    var image: ImageSpec?
    var verbose: Bool?
}

/// `ImageStatusResponse`: `image` is absent (not an error) when the image is not present.
struct ImageStatusResponse: Encodable {
    var image: Image?
    var info: [String: String]
}

struct PullImageRequest: Decodable {
    var image: ImageSpec?
    var sandboxConfig: PodSandboxConfig?
}

struct PullImageResponse: Encodable {
    var imageRef: String
}

struct RemoveImageRequest: Decodable {
    var image: ImageSpec?
}

struct FilesystemIdentifier: Encodable {
    var mountpoint: String
}

struct FilesystemUsage: Encodable {
    var timestamp: ProtoInt64
    var fsId: FilesystemIdentifier
    var usedBytes: UInt64Value
    var inodesUsed: UInt64Value
}

struct ImageFsInfoResponse: Encodable {
    var imageFilesystems: [FilesystemUsage]
    var containerFilesystems: [FilesystemUsage]
}
