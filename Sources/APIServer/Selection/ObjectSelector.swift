import Kernel

/// Which objects a list or watch returns: a label selector and a field selector together.
public struct ObjectSelector: Sendable, Hashable {
    /// The label part.
    public var labels: LabelSelector
    /// The field part.
    public var fields: FieldSelector

    /// Selects everything.
    public static let everything = ObjectSelector(labels: .everything, fields: .everything)

    /// Creates a selector.
    public init(labels: LabelSelector = .everything, fields: FieldSelector = .everything) {
        self.labels = labels
        self.fields = fields
    }

    /// Whether the selector matches everything.
    public var isEmpty: Bool { labels.isEmpty && fields.isEmpty }

    /// Whether an object is selected.
    public func matches(_ object: JSONValue) -> Bool {
        labels.matches(object.labels) && fields.matches(object)
    }
}
