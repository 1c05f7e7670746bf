/// Kubernetes' default `imagePullPolicy` for a container image: Always for a `:latest` or
/// untagged image, IfNotPresent for any other tag or a digest. The API server applies it when a
/// pod is admitted; the kubelet falls back on it for a container that lacks the field.
public enum ImagePullPolicy {
    /// The default policy for `image`.
    public static func defaultPolicy(for image: String) -> String {
        if image.utf8.contains(UInt8(ascii: "@")) { return "IfNotPresent" }
        let lastComponent = image.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(image)
        guard let colon = lastComponent.lastIndex(of: ":") else { return "Always" }
        return lastComponent[lastComponent.index(after: colon)...] == "latest" ? "Always" : "IfNotPresent"
    }
}
