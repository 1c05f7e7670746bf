/// The definitions of the authentication API types (`authentication.k8s.io/v1`) the token
/// endpoints read: TokenRequest (`kubectl create token`) and SelfSubjectReview
/// (`kubectl auth whoami`). Field numbers are those of Kubernetes'
/// `k8s.io/api/authentication/v1/generated.proto`.
enum AuthenticationTypes {
    /// The prefix of every authentication/v1 definition name.
    static let prefix = "io.k8s.api.authentication.v1."

    /// Every authentication type definition.
    static let definitions: [TypeDefinition] = [
        TypeDefinition(
            prefix + "TokenRequest", kind: GroupVersionKind(group: "authentication.k8s.io", version: "v1", kind: "TokenRequest"),
            description: "A request for a ServiceAccount token, answered with the token in status.",
            fields: [
                .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in."),
                .init("kind", .string, proto: 0, "The object's type, \"TokenRequest\"."),
                .init("metadata", .ref(AppsTypes.objectMeta), proto: 1, "Standard object metadata."),
                .init("spec", .ref(prefix + "TokenRequestSpec"), proto: 2, "What the token should be good for.", required: true),
                .init("status", .ref(prefix + "TokenRequestStatus"), proto: 3, "The issued token."),
            ]),
        TypeDefinition(prefix + "TokenRequestSpec", description: "The audiences, lifetime and binding of a requested token.", fields: [
            .init("audiences", .array(.string), proto: 1, "Who the token is meant for; the API server's issuer when empty.", listType: .atomic),
            .init("expirationSeconds", .integer(bits: 64), proto: 4, "How long the token is valid, in seconds (at least 600).", pointer: true),
            .init("boundObjectRef", .ref(prefix + "BoundObjectReference"), proto: 3, "An object the token's validity is tied to."),
        ]),
        TypeDefinition(prefix + "BoundObjectReference", description: "The object a token is bound to.", fields: [
            .init("kind", .string, proto: 1, "Pod, Secret or Node."),
            .init("apiVersion", .string, proto: 2, "The object's API version."),
            .init("name", .string, proto: 3, "The object's name."),
            .init("uid", .string, proto: 4, "The object's uid."),
        ]),
        TypeDefinition(prefix + "TokenRequestStatus", description: "An issued token and when it expires.", fields: [
            .init("token", .string, proto: 1, "The token itself.", required: true),
            .init("expirationTimestamp", .time, proto: 2, "When the token stops being valid.", required: true),
        ]),
        TypeDefinition(
            prefix + "SelfSubjectReview", kind: GroupVersionKind(group: "authentication.k8s.io", version: "v1", kind: "SelfSubjectReview"),
            description: "Asks who the server takes the caller for; answered in status.",
            fields: [
                .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in."),
                .init("kind", .string, proto: 0, "The object's type, \"SelfSubjectReview\"."),
                .init("metadata", .ref(AppsTypes.objectMeta), proto: 1, "Standard object metadata."),
                .init("status", .ref(prefix + "SelfSubjectReviewStatus"), proto: 2, "The caller's user information."),
            ]),
        TypeDefinition(prefix + "SelfSubjectReviewStatus", description: "The user information of the caller.", fields: [
            .init("userInfo", .ref(prefix + "UserInfo"), proto: 1, "Who the caller is."),
        ]),
        TypeDefinition(prefix + "UserInfo", description: "A user's name, uid, groups and extra attributes.", fields: [
            .init("username", .string, proto: 1, "The user's name."),
            .init("uid", .string, proto: 2, "A value that identifies the user across time."),
            .init("groups", .array(.string), proto: 3, "The groups the user belongs to.", listType: .atomic),
            .init("extra", .map(.array(.string)), proto: 4, "Other attributes the authenticator recorded."),
        ]),
    ]
}
