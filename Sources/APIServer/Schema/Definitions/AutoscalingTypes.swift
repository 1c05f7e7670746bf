/// The definitions of the autoscaling API types (`autoscaling/v1`): the Scale subresource.
/// Field numbers are those of Kubernetes' `k8s.io/api/autoscaling/v1/generated.proto`.
enum AutoscalingTypes {
    /// The prefix of every autoscaling/v1 definition name.
    static let prefix = "io.k8s.api.autoscaling.v1."

    /// Every autoscaling type definition.
    static let definitions: [TypeDefinition] = [scale, scaleSpec, scaleStatus]

    /// `autoscaling/v1` Scale.
    static let scale = TypeDefinition(
        prefix + "Scale", kind: GroupVersionKind(group: "autoscaling", version: "v1", kind: "Scale"),
        description: "The scale subresource of a workload: its desired and observed replica counts.",
        fields: [
            .init("apiVersion", .string, proto: 0, "The versioned schema this object is written in, \"autoscaling/v1\"."),
            .init("kind", .string, proto: 0, "The object's type, \"Scale\"."),
            .init("metadata", .ref(AppsTypes.objectMeta), proto: 1, "The scaled object's standard metadata."),
            .init("spec", .ref(prefix + "ScaleSpec"), proto: 2, "The desired replica count."),
            .init("status", .ref(prefix + "ScaleStatus"), proto: 3, "The observed replica count; read-only."),
        ])

    /// `autoscaling/v1` ScaleSpec.
    static let scaleSpec = TypeDefinition(
        prefix + "ScaleSpec",
        description: "The desired size of a scaled object.",
        fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "The desired number of instances."),
        ])

    /// `autoscaling/v1` ScaleStatus.
    static let scaleStatus = TypeDefinition(
        prefix + "ScaleStatus",
        description: "The observed size of a scaled object.",
        fields: [
            .init("replicas", .integer(bits: 32), proto: 1, "The number of instances observed.", required: true),
            .init("selector", .string, proto: 2, "The label query, in query-parameter form, over the pods counted in replicas."),
        ])
}
