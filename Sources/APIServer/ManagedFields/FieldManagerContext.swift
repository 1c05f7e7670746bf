import Kernel

/// Who is writing, for managedFields: the field manager and the subresource of the request.
/// The HTTP layer sets it per request; in-process writers (controllers, node agents calling
/// `ClusterAPI` directly) run without one and are recorded as `inProcessManager`, unless they
/// bind their own name with `FieldManagerContext.$current.withValue(...)`.
public struct FieldManagerContext: Sendable {
    /// The manager recorded for writes made without a context.
    public static let inProcessManager = "keelson"

    /// The field manager of writes in the current task; nil for in-process writers.
    @TaskLocal public static var current: FieldManagerContext?

    /// The manager's name.
    public var manager: String
    /// The subresource the request writes through ("scale"); "status" writes are recognised
    /// by ClusterAPI itself.
    public var subresource: String?
    /// Set by server-side apply: the written object already carries the managedFields apply
    /// computed, and ClusterAPI keeps them as they are.
    var applied = false

    /// A context for `manager` writing through `subresource`.
    public init(manager: String, subresource: String? = nil) {
        self.manager = manager
        self.subresource = subresource
    }

    /// The manager of an HTTP request, as Kubernetes chooses it: the `fieldManager` query
    /// parameter, else the User-Agent up to its first "/" (printable characters only, at most
    /// 128).
    static func manager(fieldManager: String?, userAgent: String?) -> String {
        if let fieldManager, !fieldManager.isEmpty { return fieldManager }
        let prefix = (userAgent ?? "").split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var result = ""
        for character in prefix where !character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }) {
            if result.count >= 128 { break }
            result.append(character)
        }
        return result
    }
}
