/// The definitions of the core API types.
enum CoreTypes {
    /// Every core type definition.
    static let definitions: [TypeDefinition] = []
}
