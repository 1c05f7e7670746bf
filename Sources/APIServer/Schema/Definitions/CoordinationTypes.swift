/// The definitions of the coordination API types.
enum CoordinationTypes {
    /// Every coordination type definition.
    static let definitions: [TypeDefinition] = []
}
