/// Issues ServiceAccount tokens for projected `serviceAccountToken` volume sources, as the
/// kubelet's TokenRequest against the API server does (bound to the pod). `keelson up` hands the
/// kubelets the API server's own issuer.
public struct ServiceAccountTokenIssuer: Sendable {
    /// What a token request says.
    public struct Request: Sendable, Hashable {
        /// The pod's namespace.
        public var namespace: String
        /// The ServiceAccount's name.
        public var serviceAccount: String
        /// The audiences; empty means the API server's own.
        public var audiences: [String]
        /// The requested lifetime in seconds.
        public var expirationSeconds: Int64
        /// The pod the token is bound to.
        public var podName: String
        /// The bound pod's uid.
        public var podUID: String
    }

    /// Returns the token (a JWT the API server accepts).
    public let issue: @Sendable (Request) async throws -> String

    /// An issuer backed by `issue`.
    public init(_ issue: @escaping @Sendable (Request) async throws -> String) {
        self.issue = issue
    }
}
