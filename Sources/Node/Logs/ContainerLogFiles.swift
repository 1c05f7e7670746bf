import Foundation

/// Where a pod's container logs live, Kubernetes' layout:
/// `<root>/<namespace>_<pod>_<uid>/<container>/<restartCount>.log`.
struct ContainerLogFiles: Sendable {
    /// The pod log root (`KubeletOptions.podLogRoot`).
    let root: String

    /// The pod's log directory.
    func podDirectory(namespace: String, pod: String, uid: String) -> String {
        "\(root)/\(namespace)_\(pod)_\(uid)"
    }

    /// The restart counts that have a log file for the container, ascending.
    func attempts(namespace: String, pod: String, uid: String, container: String) -> [Int] {
        let directory = "\(podDirectory(namespace: namespace, pod: pod, uid: uid))/\(container)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasSuffix(".log") else { return nil }
            return Int(name.dropLast(4))
        }.sorted()
    }

    /// The file of one instance.
    func path(namespace: String, pod: String, uid: String, container: String, attempt: Int) -> String {
        "\(podDirectory(namespace: namespace, pod: pod, uid: uid))/\(container)/\(attempt).log"
    }
}
