import Foundation
import Hummingbird
import Kernel

/// Bearer-token authentication for every API request: the admin token or a ServiceAccount
/// token. Requests without a token are anonymous and allowed only on the public health and
/// version paths (as Kubernetes' `system:public-info-viewer` role allows); every other request
/// without a valid token is answered 401 Unauthorized.
public struct Authenticator: Sendable {
    /// The admin's token (`pki/admin.token`).
    let adminToken: String
    /// ServiceAccount tokens: issued by the TokenRequest subresource, checked here.
    public let serviceAccounts: ServiceAccountTokens

    /// An authenticator accepting `adminToken` and tokens of `serviceAccounts`.
    public init(adminToken: String, serviceAccounts: ServiceAccountTokens) {
        self.adminToken = adminToken
        self.serviceAccounts = serviceAccounts
    }

    /// The paths anyone may read without a token.
    static let publicRoots: Set<String> = ["healthz", "livez", "readyz", "version"]

    /// Whether `path` is a public health or version path (or a sub-path of one).
    static func isPublic(_ path: String) -> Bool {
        let first = path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return publicRoots.contains(first)
    }

    /// The user `request` authenticates as, or nil when it must be refused with 401.
    public func authenticate(_ request: Request) async -> UserInfo? {
        guard let header = request.headers[.authorization] else {
            return Self.isPublic(request.uri.path) ? .anonymous : nil
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty else { return nil }
        if Self.constantTimeEqual(token, adminToken) { return .admin }
        return await serviceAccounts.authenticate(token)
    }

    /// The 401 `Status` Kubernetes answers an unauthenticated request with.
    static func unauthorized() -> Response {
        StatusObject.response(APIError(code: 401, reason: "Unauthorized", message: "Unauthorized"))
    }

    /// Compares two tokens without stopping at the first differing byte.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
