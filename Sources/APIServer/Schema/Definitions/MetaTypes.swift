/// The definitions of the meta API types.
enum MetaTypes {
    /// Every meta type definition.
    static let definitions: [TypeDefinition] = []
}
