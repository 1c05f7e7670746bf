import Foundation

/// An image an engine keeps in its `ImageTable`: an ID and the names that point at it.
protocol TaggedImage: Sendable {
    /// "sha256:<hex>": `Image.id`, `PullImageResponse.imageRef`, `ContainerStatus.imageId`.
    var id: String { get }
    /// Normalised tags pointing at it, "docker.io/library/nginx:latest".
    var repoTags: [String] { get set }
    /// "docker.io/library/nginx@sha256:<hex>".
    var repoDigests: [String] { get set }
}

/// The images present on a node, with CRI's rules: several tags (and digests) may name one
/// image; removing the image by any of them removes it with all its names; an image that is
/// not present is simply not found (the callers answer an empty status, not an error).
struct ImageTable<Entry: TaggedImage>: Sendable {
    /// The images by ID.
    private(set) var images: [String: Entry] = [:]

    /// Creates an empty table.
    init() {}

    /// Records that `reference` names the image `id` with manifest `digest` (`new` makes the
    /// image when it is not present yet); returns the image with the new names.
    @discardableResult
    mutating func add(_ reference: ImageReference, id: String, digest: String, new: () -> Entry) -> Entry {
        var image = images[id] ?? new()
        if reference.tag != nil, reference.digest == nil, !image.repoTags.contains(reference.taggedName) {
            image.repoTags.append(reference.taggedName)
        }
        let repoDigest = "\(reference.repository)@\(digest)"
        if !image.repoDigests.contains(repoDigest) { image.repoDigests.append(repoDigest) }
        images[id] = image
        return image
    }

    /// Finds an image by ID ("sha256:<hex>" or the bare hex).
    func find(id text: String) -> Entry? {
        images[text] ?? images["sha256:" + text]
    }

    /// Finds the image a normalised tag or digest reference names.
    func find(_ reference: ImageReference) -> Entry? {
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
    var all: [Entry] { images.values.sorted { $0.id < $1.id } }
}
