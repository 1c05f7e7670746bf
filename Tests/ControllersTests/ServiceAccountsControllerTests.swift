import APIServer
import Controllers
import Foundation
import Kernel
import Testing

/// The serviceaccount controller and root CA publisher against an in-memory cluster: every
/// namespace gets a `default` ServiceAccount and a `kube-root-ca.crt` ConfigMap, both come back
/// when deleted, an edited ConfigMap is put right, and terminating namespaces get nothing.
@Suite("ServiceAccounts and the root CA ConfigMap")
struct ServiceAccountsControllerTests {
    static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    private static func both(_ api: ClusterAPI, _ namespace: String) async throws -> (JSONValue, JSONValue)? {
        do {
            let account = try await api.get(.serviceAccounts, namespace: namespace, name: "default")
            let configMap = try await api.get(.configMaps, namespace: namespace, name: "kube-root-ca.crt")
            return configMap[path: "data", "ca.crt"] == .string(pem) ? (account, configMap) : nil
        } catch let error as APIError where error.code == 404 {
            return nil
        }
    }

    @Test func everyNamespaceGetsThemBack() async throws {
        try await WorkloadTesting.withControllers({ _, informers in
            let controller = ServiceAccountsController(informers: informers, rootCAPEM: Self.pem, logger: WorkloadTesting.logger, options: WorkloadTesting.options)
            return [{ await controller.run() }]
        }) { api in
            for namespace in ClusterAPI.systemNamespaces {
                try await WorkloadTesting.eventually("the default ServiceAccount and CA in \(namespace)") { try await Self.both(api, namespace) }
            }
            _ = try await api.create(.namespaces, namespace: "", object: ["metadata": ["name": "team"]])
            let (account, _) = try await WorkloadTesting.eventually("them in a new namespace") { try await Self.both(api, "team") }
            _ = try await api.delete(.serviceAccounts, namespace: "team", name: "default")
            try await WorkloadTesting.eventually("a new default ServiceAccount") {
                let again = try await Self.both(api, "team")
                return again.map { $0.0.uid != account.uid } == true ? true : nil
            }
            try await WorkloadTesting.modify(api, .configMaps, "kube-root-ca.crt", namespace: "team") { $0[path: "data", "ca.crt"] = "tampered" }
            try await WorkloadTesting.eventually("the CA put back") { try await Self.both(api, "team") }
        }
    }
}
