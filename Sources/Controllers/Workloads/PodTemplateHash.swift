import Kernel

/// The `pod-template-hash` of a Deployment's pod template: a stable 32-bit FNV-1a hash of the
/// template (canonical JSON, sorted keys, without an existing hash label), salted with
/// `status.collisionCount` when set, and rendered as Kubernetes renders it: the decimal digits
/// of the hash, each mapped onto a 27-character alphabet without vowels (so no word can appear),
/// e.g. "7d4b9c8f5".
public enum PodTemplateHash {
    /// The label (on ReplicaSets, their selectors and templates, and their pods).
    public static let label = "pod-template-hash"

    private static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// The hash of a pod template.
    public static func compute(template: JSONValue, collisionCount: Int64? = nil) -> String {
        var canonical = template
        var labels = canonical.labels
        if labels.removeValue(forKey: label) != nil { canonical.labels = labels }
        var hash: UInt32 = 2_166_136_261
        func mix<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt32(byte)
                hash = hash &* 16_777_619
            }
        }
        mix(canonical.serialized())
        if let collisionCount {
            let salt = UInt32(truncatingIfNeeded: collisionCount)
            mix((0..<4).map { UInt8(truncatingIfNeeded: salt >> (8 * $0)) })
        }
        return render(hash)
    }

    /// Renders a hash value as a label-safe string.
    public static func render(_ value: UInt32) -> String {
        String(decoding: String(value).utf8.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}
