/// The definitions of the discovery API types.
enum DiscoveryTypes {
    /// Every discovery type definition.
    static let definitions: [TypeDefinition] = []
}
