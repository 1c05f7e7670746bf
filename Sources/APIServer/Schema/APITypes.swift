/// Every type definition the API server knows, by name and by kind.
public enum APITypes {
    /// All definitions: meta/v1 first, then each served group.
    public static let all: [TypeDefinition] =
        MetaTypes.definitions + CoreTypes.definitions + AppsTypes.definitions + BatchTypes.definitions
        + CoordinationTypes.definitions + DiscoveryTypes.definitions + AutoscalingTypes.definitions
        + AppsTypes.setDefinitions + BatchTypes.cronJobDefinitions + CoreTypes.storageDefinitions + NetworkingTypes.definitions
        + SchedulingTypes.definitions + PolicyTypes.definitions
        + AuthenticationTypes.definitions

    /// Definitions by name ("io.k8s.api.core.v1.Pod").
    public static let byName: [String: TypeDefinition] = Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// The definition of a top-level kind.
    public static func definition(for kind: GroupVersionKind) -> TypeDefinition? {
        all.first { $0.kind == kind }
    }
}
