import Kernel

/// Who a request comes from, as authentication.k8s.io's UserInfo.
public struct UserInfo: Sendable, Hashable {
    /// The user name ("keelson-admin", "system:serviceaccount:NS:NAME", "system:anonymous").
    public var username: String
    /// The user's uid (a ServiceAccount's uid; empty for the admin).
    public var uid: String
    /// The groups.
    public var groups: [String]
    /// Extra attributes (a ServiceAccount token's credential id), as Kubernetes lists them.
    public var extra: [String: [String]]

    /// A user.
    public init(username: String, uid: String = "", groups: [String], extra: [String: [String]] = [:]) {
        self.username = username
        self.uid = uid
        self.groups = groups
        self.extra = extra
    }

    /// The admin of the cluster (the token in `pki/admin.token`).
    public static let admin = UserInfo(username: "keelson-admin", groups: ["system:masters", "system:authenticated"])
    /// Requests to the public health and version paths.
    public static let anonymous = UserInfo(username: "system:anonymous", groups: ["system:unauthenticated"])

    /// The UserInfo JSON of a SelfSubjectReview or TokenReview.
    var json: JSONValue {
        var value: JSONValue = ["username": .string(username), "groups": .array(groups.map(JSONValue.string))]
        if !uid.isEmpty { value["uid"] = .string(uid) }
        if !extra.isEmpty {
            value["extra"] = .object(extra.mapValues { .array($0.map(JSONValue.string)) })
        }
        return value
    }
}
