/// How a runtime words the errors a kubelet user sees (in Events and pod statuses).
enum RuntimeDialect: Sendable {
    /// containerd's CRI plugin.
    case containerd
    /// cri-dockerd passing on Docker Engine's errors.
    case docker
    /// CRI-O (with containers/image's pull errors).
    case crio

    /// A second sandbox with a reserved name.
    func sandboxNameConflict(_ name: String, holder: String) -> String {
        switch self {
        case .containerd:
            "failed to reserve sandbox name \"\(name)\": name \"\(name)\" is reserved for \"\(holder)\""
        case .docker:
            "Conflict. The container name \"/\(name)\" is already in use by container \"\(holder)\". "
                + "You have to remove (or rename) that container to be able to reuse that name."
        case .crio:
            "pod sandbox with name \"\(name)\" already exists"
        }
    }

    /// A second container with a reserved name.
    func containerNameConflict(_ name: String, holder: String) -> String {
        switch self {
        case .containerd:
            "failed to reserve container name \"\(name)\": name \"\(name)\" is reserved for \"\(holder)\""
        case .docker:
            "Conflict. The container name \"/\(name)\" is already in use by container \"\(holder)\". "
                + "You have to remove (or rename) that container to be able to reuse that name."
        case .crio:
            "the container name \"\(name)\" is already in use by \(holder). "
                + "You have to remove that container to be able to reuse that name: that name is already in use"
        }
    }

    /// A pull of a repository the registry does not have.
    func repositoryNotFound(_ reference: ImageReference) -> String {
        let text = reference.description
        switch self {
        case .containerd:
            return "failed to pull and unpack image \"\(text)\": failed to resolve reference \"\(text)\": "
                + "pull access denied, repository does not exist or may require authorization: "
                + "server message: insufficient_scope: authorization failed"
        case .docker:
            return "Error response from daemon: pull access denied for \(ImageDisplay.familiar.repository(reference.repository)), "
                + "repository does not exist or may require 'docker login': denied: requested access to the resource is denied"
        case .crio:
            return "initializing source docker://\(text): reading manifest \(reference.tag ?? reference.digest ?? "latest") "
                + "in \(reference.repository): requested access to the resource is denied"
        }
    }

    /// A pull from a registry this node cannot reach.
    func registryUnreachable(_ ref: ImageReference) -> String {
        let reference = ref.description, domain = ref.domain
        switch self {
        case .containerd:
            return "failed to pull and unpack image \"\(reference)\": failed to resolve reference \"\(reference)\": "
                + "registry \"\(domain)\" cannot be reached from this node (not in allowedRegistries)"
        case .docker:
            return "Error response from daemon: Get \"https://\(domain)/v2/\": dial tcp: lookup \(domain): no such host "
                + "(not in allowedRegistries)"
        case .crio:
            return "initializing source docker://\(reference): pinging container registry \(domain): "
                + "Get \"https://\(domain)/v2/\": dial tcp: lookup \(domain): no such host (not in allowedRegistries)"
        }
    }

    /// A pull whose short name was tried on every search registry without success.
    func shortNameNotFound(_ text: String, tried: [String], last: String) -> String {
        "short-name resolution of \"\(text)\" failed: tried \(tried.map { "\"\($0)\"" }.joined(separator: ", ")): \(last)"
    }
}
