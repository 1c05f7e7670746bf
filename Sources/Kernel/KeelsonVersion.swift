/// The version of this Keelson build, reported by `/version`, `keelson version` and plugin hosts.
public enum KeelsonVersion {
    /// Semantic version of the release.
    public static let version = "0.1.0"
    /// The Kubernetes API version whose shapes and behaviour Keelson follows.
    public static let kubernetesCompatibility = "v1.32.0"
}
