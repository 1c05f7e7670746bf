/// The definitions of the scheduling API types (`scheduling.k8s.io/v1`): PriorityClass. Field
/// numbers are those of Kubernetes' `k8s.io/api/scheduling/v1/generated.proto`.
enum SchedulingTypes {
    private static let objectMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"
    private static let listMeta = "io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"
    private static let prefix = "io.k8s.api.scheduling.v1."

    private static func kind(_ name: String) -> GroupVersionKind {
        GroupVersionKind(group: "scheduling.k8s.io", version: "v1", kind: name)
    }

    private static func envelope(_ metadata: String) -> [FieldDefinition] {
        [.init("apiVersion", .string, proto: 0, "The versioned schema of this representation of the object."),
         .init("kind", .string, proto: 0, "The REST resource this object represents, in CamelCase."),
         .init("metadata", .ref(metadata), proto: 1, "Standard object metadata.")]
    }

    /// Every scheduling type definition.
    static let definitions: [TypeDefinition] = [
        TypeDefinition(prefix + "PriorityClass", kind: kind("PriorityClass"),
                       description: "A name for a pod priority: pods naming the class in spec.priorityClassName get its value as spec.priority.",
                       fields: envelope(objectMeta) + [
            .init("value", .integer(bits: 32), proto: 2, "The priority pods of this class get; higher schedules first and may preempt lower.", required: true),
            .init("globalDefault", .boolean, proto: 3, "Whether pods naming no class get this one; at most one class is the default."),
            .init("description", .string, proto: 4, "When to use this class."),
            .init("preemptionPolicy", .string, proto: 5, "PreemptLowerPriority (the default) or Never.", pointer: true),
        ]),
        TypeDefinition(prefix + "PriorityClassList", kind: kind("PriorityClassList"), description: "A list of priority classes.",
                       fields: envelope(listMeta) + [
            .init("items", .array(.ref(prefix + "PriorityClass")), proto: 2, "The priority classes.", required: true),
        ]),
    ]
}
