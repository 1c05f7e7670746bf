import Foundation

/// The `nodeInfo` facts about the (simulated) machine: stable ids derived from the node name so
/// that a restarted kubelet reports the same machine, a fresh boot id per kubelet start, and
/// the host's kernel and OS.
struct MachineInfo: Sendable {
    let machineID: String
    let systemUUID: String
    let bootID: String
    let kernelVersion: String
    let osImage: String

    init(nodeName: String) {
        let a = Self.fnv1a(nodeName, seed: 0xcbf2_9ce4_8422_2325)
        let b = Self.fnv1a(nodeName, seed: 0x8422_2325_cbf2_9ce4)
        let hex = String(format: "%016llx%016llx", a, b)
        machineID = hex
        let chars = Array(hex)
        systemUUID = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(chars[$0]) }.joined(separator: "-")
        bootID = UUID().uuidString.lowercased()
        kernelVersion = Self.kernelRelease()
        osImage = Self.prettyName()
    }

    private static func fnv1a(_ text: String, seed: UInt64) -> UInt64 {
        var hash = seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    private static func kernelRelease() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
        let release = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return release.isEmpty ? "unknown" : release
    }

    private static func prettyName() -> String {
        let text = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return "Linux"
    }
}
