import Foundation

/// IDs, digests and the clock.
enum Identifiers {
    /// A fresh 64-hex-digit ID, the shape containerd gives sandboxes and containers.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in hex(generator.next()) }.joined()
    }

    /// A stable 64-hex-digit pseudo digest of `text` (the fake's stand-in for sha256 of content).
    static func digest(of text: String) -> String {
        (0..<4).map { seed in hex(fnv1a(text, seed: UInt64(seed))) }.joined()
    }

    /// Nanoseconds since the Unix epoch.
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9e37_79b9_7f4a_7c15)
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        // Final avalanche so digests of similar names do not share prefixes.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
