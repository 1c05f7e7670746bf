import Foundation
import Kernel

/// Kubernetes' ServiceAccount admission for new pods: `spec.serviceAccountName` defaults to
/// `default` (and the deprecated `spec.serviceAccount` follows it), and unless the pod or its
/// ServiceAccount sets `automountServiceAccountToken: false`, the pod gets the projected
/// `kube-api-access-<suffix>` volume (a bound token good for 3607 s, the `kube-root-ca.crt`
/// ConfigMap's `ca.crt`, and the namespace) mounted read-only at
/// `/var/run/secrets/kubernetes.io/serviceaccount` in every container that has no mount there.
///
/// Unlike Kubernetes, a pod whose ServiceAccount does not exist (yet) is admitted without the
/// volume instead of refused: a namespace's `default` account appears a moment after the
/// namespace, and Keelson's in-process clients run without that controller.
enum PodServiceAccountAdmission {
    /// Where the token, CA and namespace appear in containers.
    static let mountPath = "/var/run/secrets/kubernetes.io/serviceaccount"
    /// The prefix of the injected volume's name.
    static let volumePrefix = "kube-api-access-"
    /// The lifetime the kubelet asks for (Kubernetes' admission uses 3607 s, which the API
    /// server then extends for legacy clients).
    static let tokenExpirationSeconds: Int64 = 3607

    /// Applies the admission to a new pod; `account` is its ServiceAccount, nil when missing.
    static func apply(to pod: inout JSONValue, account: JSONValue?) {
        guard pod["spec"]?.objectValue != nil else { return }
        let name = pod[path: "spec", "serviceAccountName"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            ?? pod[path: "spec", "serviceAccount"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        pod[path: "spec", "serviceAccountName"] = .string(name)
        pod[path: "spec", "serviceAccount"] = .string(name)
        guard let account, shouldMount(pod: pod, account: account) else { return }
        // Containers that mount something of their own there keep it; with no container left
        // to mount the token into, no volume is added.
        guard hasUnmountedContainer(pod) else { return }
        let containers = ["initContainers", "containers", "ephemeralContainers"]
        let volumeName = volumePrefix + suffix()
        var volumes = pod[path: "spec", "volumes"]?.arrayValue ?? []
        volumes.append(volume(named: volumeName))
        pod[path: "spec", "volumes"] = .array(volumes)
        for field in containers {
            guard var list = pod[path: "spec", field]?.arrayValue else { continue }
            for index in list.indices where list[index].objectValue != nil {
                var mounts = list[index]["volumeMounts"]?.arrayValue ?? []
                guard !mounts.contains(where: { $0["mountPath"]?.stringValue == mountPath }) else { continue }
                mounts.append(["name": .string(volumeName), "readOnly": true, "mountPath": .string(mountPath)])
                list[index]["volumeMounts"] = .array(mounts)
            }
            pod[path: "spec", field] = .array(list)
        }
    }

    /// The pod's own setting wins; else the ServiceAccount's; else mount.
    static func shouldMount(pod: JSONValue, account: JSONValue) -> Bool {
        if let own = pod[path: "spec", "automountServiceAccountToken"]?.boolValue { return own }
        return account["automountServiceAccountToken"]?.boolValue ?? true
    }

    /// The projected volume Kubernetes injects.
    static func volume(named name: String) -> JSONValue {
        [
            "name": .string(name),
            "projected": [
                "defaultMode": 420,
                "sources": [
                    ["serviceAccountToken": ["expirationSeconds": .int(tokenExpirationSeconds), "path": "token"]],
                    ["configMap": ["name": "kube-root-ca.crt", "items": [["key": "ca.crt", "path": "ca.crt"]]]],
                    ["downwardAPI": ["items": [["path": "namespace", "fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"]]]]],
                ],
            ],
        ]
    }

    private static func hasUnmountedContainer(_ pod: JSONValue) -> Bool {
        (pod[path: "spec", "containers"]?.arrayValue ?? []).contains { container in
            !(container["volumeMounts"]?.arrayValue ?? []).contains { $0["mountPath"]?.stringValue == mountPath }
        }
    }

    /// Five characters from Kubernetes' random-string alphabet (no vowels, no confusable digits).
    private static func suffix() -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<5).map { _ in alphabet.randomElement()! })
    }
}
