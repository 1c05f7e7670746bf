import Foundation
import Synchronization

/// New objects' `metadata.uid`: random (version 4) UUIDs in Kubernetes' lowercase form. The
/// random bytes come from a pool refilled from `/dev/urandom` 4 KiB at a time (256 uids), so a
/// create makes no system call for its uid; the system generator is the fallback.
enum ObjectUID {
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var next = 4096
        let source = FileHandle(forReadingAtPath: "/dev/urandom")

        /// 16 random bytes as two words.
        mutating func take() -> (UInt64, UInt64) {
            if next + 16 > bytes.count { refill() }
            defer { next += 16 }
            return bytes.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: next, as: UInt64.self), raw.loadUnaligned(fromByteOffset: next + 8, as: UInt64.self))
            }
        }

        private mutating func refill() {
            next = 0
            if let data = try? source?.read(upToCount: bytes.count), data.count == bytes.count {
                bytes.withUnsafeMutableBytes { _ = data.copyBytes(to: $0) }
                return
            }
            var system = SystemRandomNumberGenerator()
            bytes.withUnsafeMutableBytes { raw in
                for offset in stride(from: 0, to: raw.count, by: 8) { raw.storeBytes(of: system.next(), toByteOffset: offset, as: UInt64.self) }
            }
        }
    }

    private static let pool = Mutex(Pool())
    private static let hex = Array("0123456789abcdef".utf8)

    /// A new uid, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
    static func next() -> String {
        let (high, low) = pool.withLock { $0.take() }
        var bytes = [UInt8](repeating: 0, count: 16)
        bytes.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: high, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: low, toByteOffset: 8, as: UInt64.self)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40  // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        return String(unsafeUninitializedCapacity: 36) { text in
            var position = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[position] = UInt8(ascii: "-")
                    position += 1
                }
                text[position] = hex[Int(byte >> 4)]
                text[position + 1] = hex[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }
}
