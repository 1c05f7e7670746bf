/// The definitions of the autoscaling API types.
enum AutoscalingTypes {
    /// Every autoscaling type definition.
    static let definitions: [TypeDefinition] = []
}
