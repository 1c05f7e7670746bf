import Foundation
import Hummingbird
import Kernel

/// The authentication endpoints: the TokenRequest subresource
/// (`POST /api/v1/namespaces/{ns}/serviceaccounts/{name}/token`, `kubectl create token`) and
/// `POST /apis/authentication.k8s.io/v1/selfsubjectreviews` (`kubectl auth whoami`).
enum TokenEndpoints {
    /// The group version both answer in.
    static let apiVersion = "authentication.k8s.io/v1"

    /// Issues a ServiceAccount token. 404 when the ServiceAccount does not exist or the server
    /// issues no tokens (plain library mode), 400 for a lifetime under ten minutes.
    static func tokenRequest(_ request: Request, namespace: String, name: String, authenticator: Authenticator?) async throws -> Response {
        guard request.method == .post else { throw StatusObject.methodNotAllowed(request.method.rawValue) }
        guard let authenticator else { throw StatusObject.pathNotFound }
        let body = try await RequestBodyReader.readOptionalJSON(request) ?? [:]
        if let kind = body["kind"]?.stringValue, kind != "TokenRequest" {
            throw APIError.badRequest("the body is a \(kind); expected an \(apiVersion) TokenRequest")
        }
        let account = try await authenticator.serviceAccounts.api.get(.serviceAccounts, namespace: namespace, name: name)
        var audiences = body[path: "spec", "audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if audiences.isEmpty { audiences = [ServiceAccountTokens.issuer] }
        let seconds = body[path: "spec", "expirationSeconds"]?.intValue ?? ServiceAccountTokens.defaultExpirationSeconds
        guard seconds >= ServiceAccountTokens.minimumExpirationSeconds else {
            throw APIError.invalid(.serviceAccounts, name, [APIError.Cause(
                type: "FieldValueInvalid", field: "spec.expirationSeconds",
                message: "Invalid value: \(seconds): may not specify a duration less than 10 minutes")])
        }
        guard seconds <= Int64(1 << 32) else {
            throw APIError.invalid(.serviceAccounts, name, [APIError.Cause(
                type: "FieldValueInvalid", field: "spec.expirationSeconds",
                message: "Invalid value: \(seconds): may not specify a duration larger than 2^32 seconds")])
        }
        let issued = try authenticator.serviceAccounts.issue(for: account, audiences: audiences, expirationSeconds: seconds)
        var spec: JSONValue = ["audiences": .array(audiences.map(JSONValue.string)), "expirationSeconds": .int(seconds)]
        spec["boundObjectRef"] = body[path: "spec", "boundObjectRef"] ?? .null
        let answer: JSONValue = [
            "kind": "TokenRequest", "apiVersion": .string(apiVersion),
            "metadata": ["name": .string(name), "namespace": .string(namespace), "creationTimestamp": .string(KubeTime.now())],
            "spec": spec,
            "status": ["token": .string(issued.token), "expirationTimestamp": .string(KubeTime.format(issued.expiration))],
        ]
        return JSONResponse.make(201, answer)
    }

    /// Tells the caller who the server takes it for.
    static func selfSubjectReview(_ request: Request, user: UserInfo) async throws -> Response {
        guard request.method == .post else { throw StatusObject.methodNotAllowed(request.method.rawValue) }
        _ = try await RequestBodyReader.readOptionalJSON(request)
        let answer: JSONValue = [
            "kind": "SelfSubjectReview", "apiVersion": .string(apiVersion),
            "metadata": ["creationTimestamp": .string(KubeTime.now())],
            "status": ["userInfo": user.json],
        ]
        return JSONResponse.make(201, answer)
    }

    /// The routes these endpoints answer, matched before the generic resource routes: nil for
    /// any other path.
    static func route(_ segments: [String]) -> APIRoute? {
        if segments == ["apis", "authentication.k8s.io", "v1", "selfsubjectreviews"] { return .selfSubjectReview }
        if segments.count == 7, segments[0] == "api", segments[1] == "v1", segments[2] == "namespaces",
           segments[4] == "serviceaccounts", segments[6] == "token", !segments[3].isEmpty, !segments[5].isEmpty {
            return .serviceAccountToken(namespace: segments[3], name: segments[5])
        }
        return nil
    }
}
