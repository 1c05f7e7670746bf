import Foundation

/// The annotation through which the kubelet (which runs the CNI chain itself) tells the runtime
/// the pod's IP, so that PodSandboxStatus reports it as CRI expects.
let podIPAnnotation = "keelson.dev/pod-ip"
/// Further pod IPs (comma-separated), reported as `additionalIps`.
let podIPsAnnotation = "keelson.dev/pod-ips"

extension SandboxRecord {
    /// The pod IPs the kubelet passes in sandbox annotations (`keelson.dev/pod-ip`, and
    /// `keelson.dev/pod-ips` comma-separated): the primary IP, nil when absent, and the others.
    static func podIPs(in annotations: [String: String]) -> (ip: String?, more: [String]) {
        let ip = annotations[podIPAnnotation]?.trimmingCharacters(in: .whitespaces)
        let more = (annotations[podIPsAnnotation] ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != ip }
        return (ip?.isEmpty == false ? ip : nil, more)
    }
}
