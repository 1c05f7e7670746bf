/// The definitions of the batch API types.
enum BatchTypes {
    /// Every batch type definition.
    static let definitions: [TypeDefinition] = []
}
