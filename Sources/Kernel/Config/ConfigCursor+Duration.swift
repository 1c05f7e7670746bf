extension ConfigCursor {
    /// A Go duration string ("10s", "1m30s") within `range`; a bare number gets a hint to add
    /// a unit.
    func duration(within range: ClosedRange<Duration>, example: String) throws -> Duration {
        let bounds = "between \(GoDuration.format(range.lowerBound)) and \(GoDuration.format(range.upperBound))"
        let expected = "a duration \(bounds) such as \(example)"
        guard case .scalar(let text, let value) = node.content, case .string = value else {
            if case .scalar(let text, let value) = node.content, value.intValue != nil {
                throw mismatch(expected: expected, hint: "add a unit, e.g. \(text)s")
            }
            throw mismatch(expected: expected)
        }
        guard let duration = GoDuration.parse(text) else {
            throw mismatch(expected: expected, hint: "units are ns, us, ms, s, m and h")
        }
        guard range.contains(duration) else { throw mismatch(expected: expected) }
        return duration
    }
}
