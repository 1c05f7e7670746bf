import Kernel

/// Reads `resource.Quantity` values the way storage validation needs them: "10Gi", "500M",
/// "1e3", "1.5", 1073741824; the value in bytes (or units), nil when it is not a quantity.
enum StorageQuantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776),
        ("Pi", 1_125_899_906_842_624), ("Ei", 1_152_921_504_606_846_976),
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The quantity's value, nil when `value` is not a valid quantity.
    static func value(_ value: JSONValue?) -> Double? {
        guard let value else { return nil }
        if let number = value.intValue { return Double(number) }
        if case .double(let number) = value { return number }
        guard let text = value.stringValue, !text.isEmpty else { return nil }
        var body = Substring(text)
        var sign = 1.0
        if body.first == "+" || body.first == "-" {
            sign = body.first == "-" ? -1 : 1
            body = body.dropFirst()
        }
        let digits = body.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard !digits.isEmpty, digits != ".", digits.filter({ $0 == "." }).count <= 1, let number = Double(digits) else { return nil }
        let suffix = String(body.dropFirst(digits.count))
        if suffix.isEmpty { return sign * number }
        if let scale = suffixes.first(where: { $0.0 == suffix })?.1 { return sign * number * scale }
        if suffix.first == "e" || suffix.first == "E", let exponent = Int(suffix.dropFirst()) {
            return sign * number * pow10(exponent)
        }
        return nil
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// Kubernetes' message for a string that is not a quantity.
    static let formatMessage = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
}
