@preconcurrency import Crypto
import Foundation
import Kernel

/// Compact JWS tokens signed with ES256 (ECDSA P-256, SHA-256), the format of Kubernetes'
/// ServiceAccount tokens.
enum JSONWebToken {
    /// `header.claims.signature`, each part base64url without padding.
    static func sign(claims: JSONValue, key: P256.Signing.PrivateKey, keyID: String) throws -> String {
        let header: JSONValue = ["alg": "ES256", "kid": .string(keyID)]
        let signingInput = base64URL(header.serialized()) + "." + base64URL(claims.serialized())
        let signature = try key.signature(for: Data(signingInput.utf8))
        return signingInput + "." + base64URL(signature.rawRepresentation)
    }

    /// The claims of a token whose ES256 signature `key` verifies; nil for anything else.
    static func verify(_ token: String, key: P256.Signing.PublicKey) -> JSONValue? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
              let headerData = data(base64URL: parts[0]), let header = try? JSONValue(parsing: headerData),
              header["alg"]?.stringValue == "ES256",
              let claimsData = data(base64URL: parts[1]), let claims = try? JSONValue(parsing: claimsData),
              claims.objectValue != nil,
              let signatureData = data(base64URL: parts[2]),
              let signature = try? P256.Signing.ECDSASignature(rawRepresentation: signatureData) else { return nil }
        let signingInput = Data("\(parts[0]).\(parts[1])".utf8)
        return key.isValidSignature(signature, for: signingInput) ? claims : nil
    }

    /// The key id Kubernetes puts in the header: the base64url SHA-256 of the public key's DER.
    static func keyID(_ key: P256.Signing.PublicKey) -> String {
        base64URL(Data(SHA256.hash(data: key.derRepresentation)))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
