/// The outcome of one probe attempt, or a probe's current verdict.
enum ProbeResult: Sendable, Equatable {
    /// The probe passed.
    case success
    /// The probe failed, with Kubernetes' explanation ("HTTP probe failed with statuscode: 500").
    case failure(String)

    /// Whether it is a success.
    var isSuccess: Bool { self == .success }
}
