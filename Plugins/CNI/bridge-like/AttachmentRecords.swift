import Foundation
import PluginSDK

/// The attachments of one network, one JSON file each (`<containerID>.<ifname>.json`, holding
/// the runtime values and the ADD result), so DEL, CHECK and GC know what ADD did, across
/// instances and processes. Every operation holds an exclusive `flock` on the folder's `lock`.
struct AttachmentRecords {
    let directory: String

    /// One attachment as ADD recorded it.
    struct Record {
        var containerID: String
        var ifName: String
        var netns: String
        /// The ADD result as returned.
        var result: [String: Any]
    }

    static func ioError(_ message: String, _ details: String = "") -> CNIPluginError {
        CNIPluginError(code: CNIPluginError.ioFailure, msg: message, details: details)
    }

    /// Opens (creating when needed) the folder and runs `body` under its lock.
    static func withLock<R>(_ directory: String, _ body: (AttachmentRecords) throws -> R) throws -> R {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ioError("cannot create state directory \(directory)", "\(error)")
        }
        let lockPath = (directory as NSString).appendingPathComponent("lock")
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ioError("cannot open \(lockPath)", String(cString: strerror(errno))) }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else { throw ioError("cannot lock \(lockPath)", String(cString: strerror(errno))) }
        }
        defer { flock(fd, LOCK_UN) }
        return try body(AttachmentRecords(directory: directory))
    }

    /// The file of an attachment; the container ID and interface name may not hold '/'.
    private func path(_ containerID: String, _ ifName: String) throws -> String {
        guard !containerID.contains("/"), !ifName.contains("/"), !containerID.hasPrefix(".") else {
            throw CNIPluginError(code: CNIPluginError.invalidEnvironment, msg: "invalid container ID or interface name",
                                 details: "\"\(containerID)\", \"\(ifName)\"")
        }
        return (directory as NSString).appendingPathComponent("\(containerID).\(ifName).json")
    }

    /// The record of an attachment; nil when there is none.
    func record(_ containerID: String, _ ifName: String) throws -> Record? {
        guard let data = FileManager.default.contents(atPath: try path(containerID, ifName)) else { return nil }
        return Self.decode(data)
    }

    /// Writes an attachment's record (atomically).
    func save(_ record: Record) throws {
        let object: [String: Any] = [
            "containerID": record.containerID, "ifName": record.ifName, "netns": record.netns, "result": record.result,
        ]
        do {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            try data.write(to: URL(fileURLWithPath: try path(record.containerID, record.ifName)), options: .atomic)
        } catch let error as CNIPluginError {
            throw error
        } catch {
            throw Self.ioError("cannot record attachment \(record.containerID)/\(record.ifName)", "\(error)")
        }
    }

    /// Removes an attachment's record; a missing one is fine.
    func remove(_ containerID: String, _ ifName: String) throws {
        let file = try path(containerID, ifName)
        if unlink(file) != 0, errno != ENOENT {
            throw Self.ioError("cannot remove \(file)", String(cString: strerror(errno)))
        }
    }

    /// Every recorded attachment.
    func all() throws -> [Record] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw Self.ioError("cannot list \(directory)", "\(error)")
        }
        return names.filter { $0.hasSuffix(".json") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(name)).flatMap(Self.decode)
        }
    }

    private static func decode(_ data: Data) -> Record? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let id = object["containerID"] as? String, let ifName = object["ifName"] as? String
        else { return nil }
        return Record(containerID: id, ifName: ifName, netns: object["netns"] as? String ?? "",
                      result: object["result"] as? [String: Any] ?? [:])
    }
}
