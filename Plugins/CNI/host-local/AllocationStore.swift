import Foundation
import PluginSDK

/// The allocations of one network on disk, laid out as the real host-local lays them out:
/// one file per allocated address, named after it and holding "<containerID>\r\n<ifname>";
/// `last_reserved_ip.<set>` remembers where the last allocation of each range set ended; every
/// command holds an exclusive `flock` on the `lock` file, so instances (and processes) sharing
/// the directory never hand out one address twice. Addresses are created with O_EXCL as well.
struct AllocationStore {
    let directory: String

    /// One allocated address and who holds it.
    struct Allocation: Sendable {
        var address: IPv4
        var containerID: String
        var ifname: String
    }

    static func ioError(_ message: String, _ details: String = "") -> CNIPluginError {
        CNIPluginError(code: CNIPluginError.ioFailure, msg: message, details: details)
    }

    /// Opens (creating when needed) the state directory and runs `body` under its lock.
    static func withLock<R>(_ directory: String, _ body: (AllocationStore) throws(CNIPluginError) -> R) throws(CNIPluginError) -> R {
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
        return try body(AllocationStore(directory: directory))
    }

    private func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }

    /// Every allocation in the directory.
    func allocations() throws(CNIPluginError) -> [Allocation] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw Self.ioError("cannot list \(directory)", "\(error)")
        }
        return names.compactMap { name in
            guard let address = IPv4(name), let owner = owner(of: address) else { return nil }
            return Allocation(address: address, containerID: owner.containerID, ifname: owner.ifname)
        }.sorted { $0.address < $1.address }
    }

    /// Who holds `address`; nil when it is free.
    func owner(of address: IPv4) -> (containerID: String, ifname: String)? {
        guard let data = FileManager.default.contents(atPath: path(address.description)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" })
        let id = lines.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let ifname = lines.count > 1 ? lines[1].trimmingCharacters(in: .whitespaces) : ""
        return (id, ifname)
    }

    /// Reserves `address` for the attachment; false when someone holds it already.
    func reserve(_ address: IPv4, containerID: String, ifname: String) throws(CNIPluginError) -> Bool {
        let file = path(address.description)
        let fd = open(file, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            if errno == EEXIST { return false }
            throw Self.ioError("cannot reserve \(address)", String(cString: strerror(errno)))
        }
        defer { close(fd) }
        let content = Array("\(containerID)\r\n\(ifname)".utf8)
        let written = content.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == content.count else {
            unlink(file)
            throw Self.ioError("cannot write \(file)", String(cString: strerror(errno)))
        }
        return true
    }

    /// Frees one address (nothing when it is free).
    func release(_ address: IPv4) throws(CNIPluginError) {
        let file = path(address.description)
        if unlink(file) != 0, errno != ENOENT {
            throw Self.ioError("cannot release \(address)", String(cString: strerror(errno)))
        }
    }

    /// The address the last allocation from range set `index` ended on.
    func lastReserved(set index: Int) -> IPv4? {
        FileManager.default.contents(atPath: path("last_reserved_ip.\(index)"))
            .flatMap { IPv4(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Records where the last allocation from range set `index` ended.
    func setLastReserved(_ address: IPv4, set index: Int) {
        _ = FileManager.default.createFile(atPath: path("last_reserved_ip.\(index)"), contents: Data(address.description.utf8))
    }
}
