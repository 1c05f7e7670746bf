/// A pod as the framework plugins see it, decoded and summed up once: its identity, labels,
/// requests, tolerations, priority and affinity terms (kube-scheduler's PodInfo).
final class PodInfo {
    /// The decoded pod.
    let pod: Pod
    /// "namespace/name".
    let key: String
    /// `metadata.uid` ("" when absent): how Permit verdicts and preemption victims name the pod.
    let uid: String
    /// The pod's namespace.
    let namespace: String
    /// The pod's labels.
    let labels: [String: String]
    /// What the pod requests (init containers, sidecars and overhead included).
    let requests: PodRequests
    /// `spec.tolerations`.
    let tolerations: [Toleration]
    /// `spec.priority` (0 when absent).
    let priority: Int
    /// The pod's inter-pod affinity terms as written in its spec.
    let affinity: PodAffinityTerms
    /// Its own terms compiled for matching (without namespace selectors merged), by kind, kept
    /// on first use: an existing pod's terms are matched against every incoming pod.
    var compiledTerms: [PodAffinityTerms.Kind: [AffinityTermMatcher]] = [:]

    /// Decodes the parts plugins use.
    init(_ pod: Pod) {
        self.pod = pod
        key = pod.key
        uid = pod.metadata?.uid ?? ""
        namespace = pod.metadata?.namespace ?? ""
        labels = pod.metadata?.labels ?? [:]
        requests = PodRequests(of: pod)
        tolerations = pod.spec?.tolerations ?? []
        priority = pod.spec?.priority ?? 0
        affinity = PodAffinityTerms(pod.spec?.affinity)
    }

    /// Whether the pod tolerates `taint`.
    func tolerates(_ taint: Taint) -> Bool { tolerations.contains { $0.tolerates(taint) } }

    /// The host ports the pod's containers and sidecars (restartable init containers) ask for
    /// (`hostPort` > 0), sidecars first, as kube-scheduler's GetHostPorts lists them.
    var hostPorts: [HostPort] {
        let sidecars = (pod.spec?.initContainers ?? []).filter { $0.restartPolicy == "Always" }
        return (sidecars + (pod.spec?.containers ?? [])).flatMap { $0.ports ?? [] }.compactMap { port in
            guard let number = port.hostPort, number > 0 else { return nil }
            return HostPort(ip: port.hostIP ?? "", proto: port.protocol ?? "TCP", port: number)
        }
    }
}

/// A pod's required and preferred pod affinity and anti-affinity terms.
struct PodAffinityTerms {
    /// The four lists.
    enum Kind: Hashable {
        case required, requiredAnti, preferred, preferredAnti
    }

    /// Required affinity: every term must be met by some pod in the term's topology domain.
    var required: [PodAffinityTerm]
    /// Required anti-affinity: no matching pod may be in the term's topology domain.
    var requiredAnti: [PodAffinityTerm]
    /// Preferred affinity, weighted.
    var preferred: [WeightedPodAffinityTerm]
    /// Preferred anti-affinity, weighted.
    var preferredAnti: [WeightedPodAffinityTerm]

    /// Reads the terms of `affinity`.
    init(_ affinity: Affinity?) {
        required = affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
        requiredAnti = affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []
        preferred = affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
        preferredAnti = affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []
    }

    /// Whether the pod has any affinity or anti-affinity term.
    var isEmpty: Bool { required.isEmpty && requiredAnti.isEmpty && preferred.isEmpty && preferredAnti.isEmpty }
}

/// A host port a pod uses on its node: the address (empty or 0.0.0.0 for every address), the
/// protocol and the port.
struct HostPort: Hashable {
    /// `hostIP` ("" for every address).
    var ip: String
    /// "TCP", "UDP" or "SCTP".
    var proto: String
    /// The port number.
    var port: Int
}
