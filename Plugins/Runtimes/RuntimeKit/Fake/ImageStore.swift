import Foundation

/// One image present on the node.
struct StoredImage: Sendable {
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

/// The images present on the node. Several tags (and digests) may name one image; removing
/// the image by any of them removes it with all its names, as CRI requires.
struct ImageStore: Sendable {
    private(set) var images: [String: StoredImage] = [:]

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
        var image = images[id] ?? StoredImage(id: id, repoTags: [], repoDigests: [], size: entry.size, entry: entry)
        if reference.tag != nil, reference.digest == nil, !image.repoTags.contains(reference.taggedName) {
            image.repoTags.append(reference.taggedName)
        }
        let repoDigest = "\(reference.repository)@\(digest)"
        if !image.repoDigests.contains(repoDigest) { image.repoDigests.append(repoDigest) }
        images[id] = image
        return image
    }

    /// Finds an image by ID ("sha256:<hex>" or the bare hex).
    func find(id text: String) -> StoredImage? {
        images[text] ?? images["sha256:" + text]
    }

    /// Finds the image a normalised tag or digest reference names.
    func find(_ reference: ImageReference) -> StoredImage? {
        if let digest = reference.digest {
            let name = "\(reference.repository)@\(digest)"
            return images.values.first { $0.repoDigests.contains(name) }
        }
        return images.values.first { $0.repoTags.contains(reference.taggedName) }
    }

    /// Removes an image with all its tags; nothing when it is not present.
    mutating func remove(id: String) {
        images[id] = nil
    }

    /// All images, in a stable order.
    var all: [StoredImage] { images.values.sorted { $0.id < $1.id } }
}
