import Foundation

/// One image present on the node.
struct StoredImage: TaggedImage {
    /// "sha256:<hex>": `Image.id`, `PullImageResponse.imageRef`, `ContainerStatus.imageId`.
    var id: String
    /// Normalised tags pointing at it, "docker.io/library/nginx:latest".
    var repoTags: [String]
    /// "docker.io/library/nginx@sha256:<hex>".
    var repoDigests: [String]
    /// Unpacked size in bytes.
    var size: UInt64
    /// Its image config and behaviour.
    var entry: CatalogueEntry

    /// The CRI `Image` message, names shown the runtime's way.
    func message(_ display: ImageDisplay) -> Image {
        Image(id: id, repoTags: repoTags.map(display.name), repoDigests: repoDigests.map(display.name),
              size: ProtoUInt64(size), uid: Int64Value(0), username: "", spec: ImageSpec(image: id), pinned: entry.pinned)
    }
}

/// The images present on a fake node (see `ImageTable` for CRI's rules).
typealias ImageStore = ImageTable<StoredImage>

extension ImageTable where Entry == StoredImage {
    /// The identity a reference resolves to: image ID and manifest digest.
    static func identity(of reference: ImageReference, entry: CatalogueEntry) -> (id: String, digest: String) {
        if let digest = reference.digest {
            // A digest of a known version names that version's image.
            for version in entry.versions where manifestDigest(entry.repository, version) == digest {
                return ("sha256:" + Identifiers.digest(of: "config:\(entry.repository):\(version)"), digest)
            }
            return ("sha256:" + Identifiers.digest(of: "config:\(entry.repository)@\(digest)"), digest)
        }
        let version = entry.resolve(tag: reference.tag ?? "latest")
        return ("sha256:" + Identifiers.digest(of: "config:\(entry.repository):\(version)"),
                manifestDigest(entry.repository, version))
    }

    private static func manifestDigest(_ repository: String, _ version: String) -> String {
        "sha256:" + Identifiers.digest(of: "manifest:\(repository):\(version)")
    }

    /// Records a pulled reference; returns the image it names.
    @discardableResult
    mutating func add(_ reference: ImageReference, entry: CatalogueEntry) -> StoredImage {
        let (id, digest) = Self.identity(of: reference, entry: entry)
        return add(reference, id: id, digest: digest) {
            StoredImage(id: id, repoTags: [], repoDigests: [], size: entry.size, entry: entry)
        }
    }
}
