/// The framework's extension points, with the bit each takes in a plugin's set of points (the
/// numbering the scheduler interface 2.0 will carry across the ABI).
enum FrameworkExtensionPoint: UInt32, CaseIterable, Sendable {
    case preEnqueue = 0x1
    case queueSort = 0x2
    case preFilter = 0x4
    case filter = 0x8
    case postFilter = 0x10
    case preScore = 0x20
    case score = 0x40
    case reserve = 0x80
    case permit = 0x100
    case preBind = 0x200
    case bind = 0x400
    case postBind = 0x800

    /// The bits of a set of points.
    static func mask(_ points: Set<FrameworkExtensionPoint>) -> UInt32 { points.reduce(0) { $0 | $1.rawValue } }
}
