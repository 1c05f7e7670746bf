import Foundation

/// One image the `process` runtime has "pulled".
struct ProcessImage: TaggedImage {
    /// "sha256:<hex>", stable for the reference.
    var id: String
    /// "docker.io/library/python:3.12", when pulled by tag.
    var repoTags: [String]
    /// "docker.io/library/python@sha256:<hex>".
    var repoDigests: [String]
    /// The normalised repository, "docker.io/library/python".
    var repository: String

    /// The CRI `Image` message (the runtime stores no layers: size 0).
    var message: Image {
        Image(id: id, repoTags: repoTags, repoDigests: repoDigests, size: ProtoUInt64(0), uid: Int64Value(0),
              username: "", spec: ImageSpec(image: id), pinned: false)
    }
}

/// The images the `process` runtime knows: nothing is downloaded, an image is a name (kept
/// with CRI's rules, see `ImageTable`, so the kubelet's pull policy and the node's image list
/// work) that maps to the command a container of it runs when the pod gives none.
typealias ProcessImages = ImageTable<ProcessImage>

extension ImageTable where Entry == ProcessImage {
    /// Records a pulled reference; returns its image. A tag and a digest name one image only
    /// when the digest is the one this runtime gave that tag.
    @discardableResult
    mutating func add(_ reference: ImageReference) -> ProcessImage {
        let digest = reference.digest ?? "sha256:" + Identifiers.digest(of: "manifest:\(reference.taggedName)")
        let id = "sha256:" + Identifiers.digest(of: "process-image:\(reference.repository)@\(digest)")
        return add(reference, id: id, digest: digest) {
            ProcessImage(id: id, repoTags: [], repoDigests: [], repository: reference.repository)
        }
    }

    /// Finds an image by ID ("sha256:<hex>" or the bare hex), tag or digest reference.
    func find(_ text: String) -> ProcessImage? {
        if let image = find(id: text) { return image }
        guard let reference = try? ImageReference.parse(text) else { return nil }
        return find(reference)
    }

    /// The stand-in for a server image: runs until stopped and exits 0 on SIGTERM, as a server
    /// shutting down cleanly does.
    static let idleCommand = ["/bin/sh", "-c", "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done"]

    /// The built-in default commands, by the last part of a Docker Hub library repository:
    /// shells end at once without a terminal (stdin is /dev/null), as in Docker.
    static let builtInCommands: [String: [String]] = {
        var table: [String: [String]] = [:]
        for shell in ["busybox", "alpine", "ubuntu", "debian", "bash", "fedora", "centos", "rockylinux", "almalinux",
                      "amazonlinux", "archlinux", "opensuse"] {
            table[shell] = ["sh"]
        }
        table["python"] = ["python3"]
        table["pypy"] = ["python3"]
        table["node"] = ["node"]
        return table
    }()

    /// The argv of a container of `repository` ("docker.io/library/python") without command and
    /// args: the config's `imageCommands` (by full or short name), the built-in table, else the
    /// idle stand-in.
    static func defaultCommand(repository: String, configured: [String: [String]]) -> [String] {
        let short = repository.hasPrefix("docker.io/library/") ? String(repository.dropFirst("docker.io/library/".count))
            : repository.hasPrefix("docker.io/") ? String(repository.dropFirst("docker.io/".count)) : repository
        if let command = configured[repository] ?? configured[short] { return command }
        if repository.hasPrefix("docker.io/library/"), let command = builtInCommands[short] { return command }
        return idleCommand
    }
}
