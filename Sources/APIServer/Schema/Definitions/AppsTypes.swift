/// The definitions of the apps API types.
enum AppsTypes {
    /// Every apps type definition.
    static let definitions: [TypeDefinition] = []
}
