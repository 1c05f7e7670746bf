/// How a runtime turns the image name a pod gives into the references it looks up and pulls,
/// and how it shows images back (repoTags, repoDigests, the container's image and imageRef).
enum ImageNaming: Sendable {
    /// Docker's reference rules (containerd, Docker): a name without a registry is on Docker Hub,
    /// `nginx` → `docker.io/library/nginx:latest`.
    case dockerHubDefault(display: ImageDisplay, imageRef: ImageRefStyle)
    /// containers/image's rules (CRI-O): a fully qualified name is used as is; a short name is
    /// looked up in the `shortNameAliases` table, else tried on each of the
    /// `unqualifiedSearchRegistries` in order (CRI-O 1.31 runs short-name mode permissively:
    /// it cannot prompt, so the first registry that has the image wins).
    case searchRegistries(display: ImageDisplay, imageRef: ImageRefStyle)

    /// How names are shown.
    var display: ImageDisplay {
        switch self {
        case .dockerHubDefault(let display, _), .searchRegistries(let display, _): display
        }
    }

    /// What `ContainerStatus.imageRef` holds.
    var imageRefStyle: ImageRefStyle {
        switch self {
        case .dockerHubDefault(_, let style), .searchRegistries(_, let style): style
        }
    }

    /// Why a name has no candidate references.
    struct Unresolvable: Error, Sendable {
        var message: String
    }

    /// The references `text` may mean, in the order they are tried. Throws `ImageReference.Invalid`
    /// for a malformed name and `Unresolvable` for a short name with nowhere to look.
    func candidates(_ text: String, config: RuntimeConfig) throws -> [ImageReference] {
        switch self {
        case .dockerHubDefault:
            return [try ImageReference.parse(text)]
        case .searchRegistries:
            guard ImageReference.isShortName(text) else { return [try ImageReference.parse(text)] }
            _ = try ImageReference.parse(text)  // reject malformed names before searching
            let (name, suffix) = ImageReference.splitShortName(text)
            if let alias = config.shortNameAliases[name] {
                return [try ImageReference.parse(alias + suffix)]
            }
            guard !config.unqualifiedSearchRegistries.isEmpty else {
                throw Unresolvable(message:
                    "short-name \"\(text)\" did not resolve to an alias and no unqualified-search registries are defined in \"/etc/containers/registries.conf\"")
            }
            return try config.unqualifiedSearchRegistries.map { try ImageReference.parse("\($0)/\(text)") }
        }
    }
}

/// How image names are shown in repoTags, repoDigests and a container's image.
enum ImageDisplay: Sendable {
    /// `docker.io/library/nginx:latest` (containerd, CRI-O).
    case fullyQualified
    /// Docker's familiar form: `nginx:latest`, `bitnami/redis:7.2`, `quay.io/team/app:v1`.
    case familiar

    /// A normalised repository (`docker.io/library/nginx`) as shown.
    func repository(_ repository: String) -> String {
        guard self == .familiar else { return repository }
        if repository.hasPrefix("docker.io/library/"), repository.split(separator: "/").count == 3 {
            return String(repository.dropFirst("docker.io/library/".count))
        }
        if repository.hasPrefix("docker.io/") { return String(repository.dropFirst("docker.io/".count)) }
        return repository
    }

    /// A normalised tagged name or repo digest (`docker.io/library/nginx:latest`,
    /// `docker.io/library/nginx@sha256:…`) as shown.
    func name(_ name: String) -> String {
        guard self == .familiar else { return name }
        if let at = name.firstIndex(of: "@") {
            return repository(String(name[..<at])) + name[at...]
        }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return repository(String(name[..<colon])) + name[colon...]
        }
        return repository(name)
    }
}

/// What `ContainerStatus.imageRef` (the pod's `imageID`) holds.
enum ImageRefStyle: Sendable {
    /// The repo digest, `docker.io/library/nginx@sha256:…` (containerd, CRI-O).
    case repoDigest
    /// cri-dockerd's `docker-pullable://nginx@sha256:…` (or `docker://sha256:…` for an image
    /// without a repo digest).
    case dockerPullable
}
