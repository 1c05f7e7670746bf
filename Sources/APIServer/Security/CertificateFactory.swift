@preconcurrency import Crypto
import Foundation
import SwiftASN1
import X509

/// Makes the cluster CA and the API serving certificate with swift-certificates (ECDSA P-256).
enum CertificateFactory {
    /// How long the CA is valid: about ten years.
    static let caLifetime: TimeInterval = 10 * 365 * 24 * 3600
    /// How long a serving certificate is valid: one year.
    static let servingLifetime: TimeInterval = 365 * 24 * 3600

    /// A self-signed CA certificate (CA:true, keyCertSign) for `key`.
    static func makeCA(key: P256.Signing.PrivateKey, now: Date = Date()) throws -> Certificate {
        let name = try DistinguishedName {
            OrganizationName("keelson")
            CommonName("keelson-ca")
        }
        let publicKey = Certificate.PublicKey(key.publicKey)
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(caLifetime),
            issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: publicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
    }

    /// A serving certificate for `identity`'s names, signed by the CA.
    static func makeServing(key: P256.Signing.PrivateKey, identity: ServingIdentity, ca: Certificate,
                            caKey: P256.Signing.PrivateKey, now: Date = Date()) throws -> Certificate {
        let subject = try DistinguishedName { CommonName("kube-apiserver") }
        var names: [GeneralName] = identity.dnsNames.map { .dnsName($0) }
        for ip in identity.ipAddresses {
            let octets = ip.split(separator: ".").compactMap { UInt8($0) }
            guard octets.count == 4 else { continue }
            names.append(.ipAddress(ASN1OctetString(contentBytes: ArraySlice(octets))))
        }
        return try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(servingLifetime),
            issuer: ca.subject, subject: subject,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames(names)
                AuthorityKeyIdentifier(keyIdentifier: try? ca.extensions.subjectKeyIdentifier?.keyIdentifier)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
    }

    /// The subject alternative names a certificate carries, as "DNS:name" and "IP:a.b.c.d".
    static func alternativeNames(of certificate: Certificate) -> Set<String> {
        guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
        var result: Set<String> = []
        for name in names {
            switch name {
            case .dnsName(let dns): result.insert("DNS:\(dns)")
            case .ipAddress(let octets): result.insert("IP:" + octets.bytes.map(String.init).joined(separator: "."))
            default: break
            }
        }
        return result
    }

    /// The names `identity` asks for, in `alternativeNames(of:)` form.
    static func alternativeNames(of identity: ServingIdentity) -> Set<String> {
        Set(identity.dnsNames.map { "DNS:\($0)" } + identity.ipAddresses.map { "IP:\($0)" })
    }
}
