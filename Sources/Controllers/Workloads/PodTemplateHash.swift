import Kernel

/// The `pod-template-hash` of a Deployment's pod template: a stable 32-bit FNV-1a hash of the
/// template (canonical JSON, sorted keys, without an existing hash label or null members), salted with
/// `status.collisionCount` when set, and rendered as Kubernetes renders it: the decimal digits
/// of the hash, each mapped onto a 27-character alphabet without vowels (so no word can appear),
/// e.g. "7d4b9c8f5".
public enum PodTemplateHash {
    /// The label (on ReplicaSets, their selectors and templates, and their pods).
    public static let label = "pod-template-hash"

    private static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789".utf8)

    /// The template as it is compared and hashed: without the pod-template-hash label, without
    /// empty metadata, and with null members dropped at every level. To Kubernetes' Go types a
    /// null field is the field's zero value, so the `"creationTimestamp": null` that kubectl
    /// writes into a template on `rollout undo` leaves the template the same.
    public static func canonical(_ template: JSONValue) -> JSONValue {
        var canonical = withoutNullMembers(template)
        var labels = canonical.labels
        if labels.removeValue(forKey: label) != nil { canonical.labels = labels }
        if canonical["metadata"]?.objectValue?.isEmpty == true { canonical["metadata"] = nil }
        return canonical
    }

    private static func withoutNullMembers(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): .object(members.compactMapValues { $0 == .null ? nil : withoutNullMembers($0) })
        case .array(let items): .array(items.map(withoutNullMembers))
        default: value
        }
    }

    /// The hash of a pod template (of its `canonical` form).
    public static func compute(template: JSONValue, collisionCount: Int64? = nil) -> String {
        let canonical = canonical(template)
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
