@preconcurrency import Crypto
import Foundation
import Kernel

/// Issues and checks ServiceAccount tokens: ES256 JWTs with the claims Kubernetes puts in them
/// (iss, sub, aud, iat, nbf, exp, jti and `kubernetes.io` naming the namespace and the
/// ServiceAccount's name and uid). A token is accepted while its signature and times hold, its
/// audience includes the API server's, and the ServiceAccount still exists with that uid.
public struct ServiceAccountTokens: Sendable {
    /// The issuer and default audience, as a default Kubernetes cluster names itself.
    public static let issuer = "https://kubernetes.default.svc.cluster.local"
    /// Kubernetes' default TokenRequest lifetime: one hour.
    public static let defaultExpirationSeconds: Int64 = 3600
    /// The shortest lifetime a TokenRequest may ask for: ten minutes.
    public static let minimumExpirationSeconds: Int64 = 600

    /// The API the ServiceAccounts are read from.
    public let api: ClusterAPI
    let key: P256.Signing.PrivateKey

    /// Tokens signed with `key`, checked against ServiceAccounts in `api`.
    public init(api: ClusterAPI, key: P256.Signing.PrivateKey) {
        self.api = api
        self.key = key
    }

    /// A token for the ServiceAccount `serviceAccount` (its JSON, carrying namespace, name and
    /// uid) valid for `audiences` from `now` for `expirationSeconds`.
    public func issue(for serviceAccount: JSONValue, audiences: [String], expirationSeconds: Int64,
                      boundPod: (name: String, uid: String)? = nil, now: Date = Date()) throws -> (token: String, expiration: Date) {
        let namespace = serviceAccount[path: "metadata", "namespace"]?.stringValue ?? ""
        let name = serviceAccount[path: "metadata", "name"]?.stringValue ?? ""
        let uid = serviceAccount[path: "metadata", "uid"]?.stringValue ?? ""
        let issued = Int64(now.timeIntervalSince1970)
        let expiration = issued + expirationSeconds
        var claims: JSONValue = [
            "iss": .string(Self.issuer),
            "sub": .string("system:serviceaccount:\(namespace):\(name)"),
            "aud": .array(audiences.map(JSONValue.string)),
            "iat": .int(issued), "nbf": .int(issued), "exp": .int(expiration),
            "jti": .string(UUID().uuidString.lowercased()),
            "kubernetes.io": ["namespace": .string(namespace), "serviceaccount": ["name": .string(name), "uid": .string(uid)]],
        ]
        if let boundPod {
            claims[path: "kubernetes.io", "pod"] = ["name": .string(boundPod.name), "uid": .string(boundPod.uid)]
        }
        let token = try JSONWebToken.sign(claims: claims, key: key, keyID: JSONWebToken.keyID(key.publicKey))
        return (token, Date(timeIntervalSince1970: TimeInterval(expiration)))
    }

    /// The lifetime the API server grants a pod's projected token: as Kubernetes'
    /// `--service-account-extend-token-expiration` (on by default), the 3607 s the ServiceAccount
    /// admission asks for becomes a year, so clients that never re-read the file keep working.
    public static func podTokenLifetime(requested seconds: Int64) -> Int64 {
        seconds == 3607 ? 365 * 24 * 3600 : seconds
    }

    /// The user a token authenticates, or nil when the token is not a valid ServiceAccount token
    /// for this API server (bad signature, expired, not yet valid, wrong issuer or audience, or
    /// the ServiceAccount is gone or was recreated with another uid).
    public func authenticate(_ token: String, now: Date = Date()) async -> UserInfo? {
        guard let claims = JSONWebToken.verify(token, key: key.publicKey),
              claims["iss"]?.stringValue == Self.issuer,
              let expiration = claims["exp"]?.intValue, let notBefore = claims["nbf"]?.intValue else { return nil }
        let seconds = Int64(now.timeIntervalSince1970)
        guard seconds < expiration, seconds >= notBefore - 60 else { return nil }
        let audiences = claims["aud"]?.arrayValue?.compactMap(\.stringValue) ?? claims["aud"]?.stringValue.map { [$0] } ?? []
        guard audiences.contains(Self.issuer) else { return nil }
        guard let namespace = claims[path: "kubernetes.io", "namespace"]?.stringValue,
              let name = claims[path: "kubernetes.io", "serviceaccount", "name"]?.stringValue,
              let uid = claims[path: "kubernetes.io", "serviceaccount", "uid"]?.stringValue,
              claims["sub"]?.stringValue == "system:serviceaccount:\(namespace):\(name)" else { return nil }
        guard let account = try? await api.get(.serviceAccounts, namespace: namespace, name: name),
              account[path: "metadata", "uid"]?.stringValue == uid else { return nil }
        var extra: [String: [String]] = [:]
        if let jti = claims["jti"]?.stringValue { extra["authentication.kubernetes.io/credential-id"] = ["JTI=\(jti)"] }
        return UserInfo(username: "system:serviceaccount:\(namespace):\(name)", uid: uid,
                        groups: ["system:serviceaccounts", "system:serviceaccounts:\(namespace)", "system:authenticated"],
                        extra: extra)
    }
}
