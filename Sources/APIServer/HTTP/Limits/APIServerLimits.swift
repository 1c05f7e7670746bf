/// The abuse limits of the API server: requests served at once and how long one may take.
public struct APIServerLimits: Sendable, Hashable {
    /// Most read-only requests served at once (Kubernetes' default: 400).
    public var maxRequestsInFlight: Int
    /// Most mutating requests served at once (Kubernetes' default: 200).
    public var maxMutatingRequestsInFlight: Int
    /// The longest a request may take before it is answered 504 (Kubernetes' default: 60 s);
    /// a request's `timeout` query parameter may shorten it.
    public var requestTimeoutSeconds: Double

    /// Limits; the defaults are Kubernetes'.
    public init(maxRequestsInFlight: Int = 400, maxMutatingRequestsInFlight: Int = 200, requestTimeoutSeconds: Double = 60) {
        self.maxRequestsInFlight = maxRequestsInFlight
        self.maxMutatingRequestsInFlight = maxMutatingRequestsInFlight
        self.requestTimeoutSeconds = requestTimeoutSeconds
    }
}
