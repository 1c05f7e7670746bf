@preconcurrency import Crypto
import Foundation
import SwiftASN1
import X509

/// The cluster's certificates, keys and admin token under `<dataDir>/pki/`:
///
/// - `ca.crt`, `ca.key`: the cluster CA, made once and never replaced;
/// - `apiserver.crt`, `apiserver.key`: the API serving certificate, signed by the CA, made again
///   when missing, expiring within 30 days, or lacking one of the names the server needs;
/// - `sa.key`: the ES256 key ServiceAccount tokens are signed with;
/// - `admin.token`: the admin's bearer token (32 random bytes, hex).
///
/// Keys and the token are 0600.
public struct ClusterPKI: Sendable {
    /// The CA certificate, PEM.
    public let caCertificatePEM: String
    /// The serving certificate followed by the CA, PEM.
    public let servingCertificateChainPEM: String
    /// The serving key, PEM.
    public let servingKeyPEM: String
    /// The admin bearer token.
    public let adminToken: String
    /// The key ServiceAccount tokens are signed with.
    public let serviceAccountKey: P256.Signing.PrivateKey
    /// Whether the serving certificate was made anew by this load.
    public let servingCertificateRenewed: Bool

    /// Loads the PKI from `directory`, creating what is missing (see the type's description).
    public static func loadOrCreate(directory: String, identity: ServingIdentity, now: Date = Date()) throws -> ClusterPKI {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        func path(_ name: String) -> String { URL(fileURLWithPath: directory).appendingPathComponent(name).path }

        // The CA: reused whenever both files exist; made only when neither does.
        let caKey: P256.Signing.PrivateKey
        let ca: Certificate
        let caKeyText = SecureFile.read(path("ca.key")), caText = SecureFile.read(path("ca.crt"))
        if let caKeyText, let caText {
            do {
                caKey = try P256.Signing.PrivateKey(pemRepresentation: caKeyText)
                ca = try Certificate(pemEncoded: caText)
            } catch {
                throw PKIError("\(path("ca.crt")) or \(path("ca.key")) cannot be read (\(error)); restore them or remove the whole pki folder to start a new cluster CA")
            }
        } else if caKeyText == nil, caText == nil {
            caKey = P256.Signing.PrivateKey()
            ca = try CertificateFactory.makeCA(key: caKey, now: now)
            try SecureFile.write(caKey.pemRepresentation, to: path("ca.key"))
            try SecureFile.write(try ca.serializeAsPEM().pemString, to: path("ca.crt"), mode: 0o644)
        } else {
            throw PKIError("\(directory) has only one of ca.crt and ca.key; restore the other or remove both to make a new cluster CA")
        }
        let caPEM = try ca.serializeAsPEM().pemString

        // The serving certificate.
        var renewed = false
        var serving: (certificate: Certificate, key: P256.Signing.PrivateKey)?
        if let text = SecureFile.read(path("apiserver.crt")), let keyText = SecureFile.read(path("apiserver.key")),
           let certificate = try? Certificate(pemEncoded: text), let key = try? P256.Signing.PrivateKey(pemRepresentation: keyText),
           certificate.issuer == ca.subject,
           certificate.notValidAfter > now.addingTimeInterval(30 * 24 * 3600),
           CertificateFactory.alternativeNames(of: identity).isSubset(of: CertificateFactory.alternativeNames(of: certificate)),
           certificate.publicKey == Certificate.PublicKey(key.publicKey) {
            serving = (certificate, key)
        }
        if serving == nil {
            let key = P256.Signing.PrivateKey()
            let certificate = try CertificateFactory.makeServing(key: key, identity: identity, ca: ca, caKey: caKey, now: now)
            try SecureFile.write(key.pemRepresentation, to: path("apiserver.key"))
            try SecureFile.write(try certificate.serializeAsPEM().pemString, to: path("apiserver.crt"), mode: 0o644)
            serving = (certificate, key)
            renewed = true
        }

        // The ServiceAccount signing key.
        let saKey: P256.Signing.PrivateKey
        if let text = SecureFile.read(path("sa.key")) {
            do { saKey = try P256.Signing.PrivateKey(pemRepresentation: text) } catch {
                throw PKIError("\(path("sa.key")) cannot be read (\(error)); remove it to make a new one (issued ServiceAccount tokens stop working)")
            }
        } else {
            saKey = P256.Signing.PrivateKey()
            try SecureFile.write(saKey.pemRepresentation, to: path("sa.key"))
        }

        // The admin token.
        let token: String
        if let text = SecureFile.read(path("admin.token"))?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            token = text
        } else {
            var generator = SystemRandomNumberGenerator()
            token = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            try SecureFile.write(token + "\n", to: path("admin.token"))
        }

        return ClusterPKI(
            caCertificatePEM: caPEM,
            servingCertificateChainPEM: try serving!.certificate.serializeAsPEM().pemString + "\n" + caPEM,
            servingKeyPEM: serving!.key.pemRepresentation,
            adminToken: token, serviceAccountKey: saKey, servingCertificateRenewed: renewed)
    }
}
