/// Kubernetes resource quantities ("4", "500m", "8Gi", "1G") read as numbers.
enum ResourceQuantity {
    private static let suffixes: [(String, Double)] = [
        ("Ki", 1024), ("Mi", 1_048_576), ("Gi", 1_073_741_824), ("Ti", 1_099_511_627_776), ("Pi", 1_125_899_906_842_624),
        ("Ei", 1_152_921_504_606_846_976), ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9),
        ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    /// The quantity's value; 0 when it does not parse.
    static func value(_ text: String) -> Double {
        for (suffix, factor) in suffixes where text.hasSuffix(suffix) {
            return (Double(text.dropLast(suffix.count)) ?? 0) * factor
        }
        return Double(text) ?? 0
    }

    /// A memory or storage quantity in bytes.
    static func bytes(_ text: String) -> Int64 { Int64(value(text).rounded()) }

    /// A CPU quantity in millicores.
    static func milliCPU(_ text: String) -> Int64 { Int64((value(text) * 1000).rounded()) }
}
