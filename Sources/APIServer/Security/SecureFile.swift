import Foundation

/// Reading and writing the files under `<dataDir>/pki/`: secrets are written atomically and
/// readable by the owner only (0600).
enum SecureFile {
    /// The file's text, nil when it does not exist or is not UTF-8.
    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// Writes `text` to `path` atomically with `mode` (0600 for keys and tokens, 0644 for certificates).
    static func write(_ text: String, to path: String, mode: Int16 = 0o600) throws {
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: mode]) else {
            throw PKIError("cannot write \(temporary)")
        }
        _ = chmod(temporary, mode_t(mode))
        guard rename(temporary, path) == 0 else {
            throw PKIError("cannot move \(temporary) to \(path): errno \(errno)")
        }
    }
}

/// A failure to create or load the cluster's certificates, keys or tokens.
public struct PKIError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the file.
    public let description: String
    init(_ description: String) { self.description = description }
}
