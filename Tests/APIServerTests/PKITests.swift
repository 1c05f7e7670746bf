@testable import APIServer
import Foundation
import Kernel
import Testing

@Suite("Cluster PKI")
struct PKITests {
    let identity = ServingIdentity(host: "127.0.0.1", serviceCIDR: "127.96.0.0/16")

    @Test("the serving identity names loopback, the kubernetes Service names and its cluster IP")
    func identityNames() {
        let names = ServingIdentity(host: "127.0.0.5", serviceCIDR: "127.96.0.0/16")
        #expect(names.ipAddresses == ["127.0.0.1", "127.0.0.5", "127.96.0.1"])
        #expect(names.dnsNames.contains("kubernetes.default.svc.cluster.local"))
        #expect(names.dnsNames.contains("localhost"))
    }

    @Test("files are made once, keys are 0600, and a restart reuses the CA and serving certificate")
    func reuse() throws {
        let folder = try temporaryPKIFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try ClusterPKI.loadOrCreate(directory: folder, identity: identity)
        #expect(first.servingCertificateRenewed)
        for name in ["ca.key", "apiserver.key", "sa.key", "admin.token"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(folder)/\(name)")
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
        }
        #expect(first.adminToken.count == 64)
        let caBytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/ca.crt"))

        let second = try ClusterPKI.loadOrCreate(directory: folder, identity: identity)
        #expect(!second.servingCertificateRenewed)
        #expect(second.adminToken == first.adminToken)
        #expect(second.servingCertificateChainPEM == first.servingCertificateChainPEM)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/ca.crt")) == caBytes)

        // A new host name needs a new serving certificate, never a new CA.
        let moved = try ClusterPKI.loadOrCreate(directory: folder, identity: ServingIdentity(host: "127.0.0.9", serviceCIDR: "127.96.0.0/16"))
        #expect(moved.servingCertificateRenewed)
        #expect(moved.caCertificatePEM == first.caCertificatePEM)
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/ca.crt")) == caBytes)
    }

    @Test("only one of the CA files present is refused")
    func halfCA() throws {
        let folder = try temporaryPKIFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try ClusterPKI.loadOrCreate(directory: folder, identity: identity)
        try FileManager.default.removeItem(atPath: "\(folder)/ca.key")
        #expect(throws: PKIError.self) { try ClusterPKI.loadOrCreate(directory: folder, identity: identity) }
    }

    @Test("ServiceAccount tokens: signature, expiry and audience are checked")
    func tokens() async throws {
        let folder = try temporaryPKIFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pki = try ClusterPKI.loadOrCreate(directory: folder, identity: identity)
        try await withAPI { api in
            let account = try await api.create(.serviceAccounts, namespace: "default",
                                               object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
            let tokens = ServiceAccountTokens(api: api, key: pki.serviceAccountKey)
            let good = try tokens.issue(for: account, audiences: [ServiceAccountTokens.issuer], expirationSeconds: 3600)
            let user = await tokens.authenticate(good.token)
            #expect(user?.username == "system:serviceaccount:default:robot")
            #expect(user?.uid == account[path: "metadata", "uid"]?.stringValue)
            #expect(user?.groups.contains("system:serviceaccounts:default") == true)

            let expired = try tokens.issue(for: account, audiences: [ServiceAccountTokens.issuer], expirationSeconds: 3600,
                                           now: Date(timeIntervalSinceNow: -7200))
            #expect(await tokens.authenticate(expired.token) == nil)
            let otherAudience = try tokens.issue(for: account, audiences: ["vault"], expirationSeconds: 3600)
            #expect(await tokens.authenticate(otherAudience.token) == nil)

            var parts = good.token.split(separator: ".").map(String.init)
            parts[1] = JSONWebToken.base64URL(Data(#"{"iss":"https://kubernetes.default.svc.cluster.local","sub":"system:serviceaccount:kube-system:admin"}"#.utf8))
            #expect(await tokens.authenticate(parts.joined(separator: ".")) == nil)

            // Another key does not verify this cluster's tokens.
            let otherFolder = try temporaryPKIFolder()
            defer { try? FileManager.default.removeItem(atPath: otherFolder) }
            let other = try ClusterPKI.loadOrCreate(directory: otherFolder, identity: identity)
            #expect(await ServiceAccountTokens(api: api, key: other.serviceAccountKey).authenticate(good.token) == nil)
        }
    }

    @Test("Go durations in the timeout parameter")
    func durations() {
        #expect(RequestClass.goDuration("30s") == 30)
        #expect(RequestClass.goDuration("1m30s") == 90)
        #expect(RequestClass.goDuration("250ms") == 0.25)
        #expect(RequestClass.goDuration("soon") == nil)
    }
}
