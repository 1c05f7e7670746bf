import APIServer
import Foundation
import Kernel
import Testing

/// Kubernetes' ServiceAccount admission for pods: the default account name, and the projected
/// kube-api-access volume mounted into every container unless the pod or its account opts out.
@Suite("Pod ServiceAccount admission")
struct PodServiceAccountAdmissionTests {
    static let mountPath = "/var/run/secrets/kubernetes.io/serviceaccount"

    static func account(_ name: String, automount: Bool? = nil) -> JSONValue {
        var account: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(name)]]
        if let automount { account["automountServiceAccountToken"] = .bool(automount) }
        return account
    }

    @Test func podsGetTheTokenVolumeOfAnExistingAccount() async throws {
        try await withAPI { api in
            _ = try await api.create(.serviceAccounts, namespace: "default", object: Self.account("default"))
            var input = pod("web", image: "nginx")
            input[path: "spec", "initContainers"] = [["name": "setup", "image": "busybox"]]
            let created = try await api.create(.pods, namespace: "default", object: input)
            #expect(created[path: "spec", "serviceAccountName"] == "default")
            #expect(created[path: "spec", "serviceAccount"] == "default")
            let volume = try #require(created[path: "spec", "volumes"]?.arrayValue?.first)
            let name = try #require(volume["name"]?.stringValue)
            #expect(name.hasPrefix("kube-api-access-") && name.count == "kube-api-access-".count + 5)
            let sources = volume[path: "projected", "sources"]?.arrayValue ?? []
            #expect(sources.first?[path: "serviceAccountToken", "expirationSeconds"] == 3607)
            #expect(sources.contains { $0[path: "configMap", "name"] == "kube-root-ca.crt" })
            #expect(sources.contains { $0[path: "downwardAPI", "items"]?.arrayValue?.first?[path: "fieldRef", "fieldPath"] == "metadata.namespace" })
            for field in ["containers", "initContainers"] {
                let mount = created[path: "spec", field]?.arrayValue?.first?["volumeMounts"]?.arrayValue?.first
                #expect(mount == ["name": .string(name), "readOnly": true, "mountPath": .string(Self.mountPath)], "\(field)")
            }
        }
    }

    @Test func optingOutOrAMissingAccountGivesNoVolume() async throws {
        try await withAPI { api in
            // No account yet: the name is defaulted, nothing is mounted.
            let early = try await api.create(.pods, namespace: "default", object: pod("early", image: "nginx"))
            #expect(early[path: "spec", "serviceAccountName"] == "default")
            #expect(early[path: "spec", "volumes"] == nil)

            _ = try await api.create(.serviceAccounts, namespace: "default", object: Self.account("quiet", automount: false))
            var quiet = pod("quiet", image: "nginx")
            quiet[path: "spec", "serviceAccountName"] = "quiet"
            #expect(try await api.create(.pods, namespace: "default", object: quiet)[path: "spec", "volumes"] == nil)
            // The pod's own setting wins over the account's.
            quiet.name = "loud"
            quiet[path: "spec", "automountServiceAccountToken"] = true
            let loud = try await api.create(.pods, namespace: "default", object: quiet)
            #expect(loud[path: "spec", "volumes"]?.arrayValue?.first?["name"]?.stringValue?.hasPrefix("kube-api-access-") == true)
        }
    }
}
