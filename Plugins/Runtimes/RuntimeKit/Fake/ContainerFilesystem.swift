import Foundation

/// A container's root filesystem as the interpreter sees it: the image's files, what the
/// container's processes wrote, and the CRI mounts, which read and write the real host paths.
struct ContainerFilesystem: Sendable {
    private var files: [String: Data] = [:]
    private var directories: Set<String> = ["/", "/tmp", "/etc", "/var", "/root", "/home", "/usr", "/bin", "/dev", "/proc", "/run"]
    private let mounts: [Mount]
    /// Files and directories the container's processes created or changed (its writable layer).
    private var written: Set<String> = []
    /// The directory relative paths start from.
    let workingDir: String

    /// Why a file operation failed, worded as busybox words it.
    enum Failure: Error, Sendable {
        case notFound, isDirectory, notDirectory, readOnly, io(String)

        var text: String {
            switch self {
            case .notFound: "No such file or directory"
            case .isDirectory: "Is a directory"
            case .notDirectory: "Not a directory"
            case .readOnly: "Read-only file system"
            case .io(let reason): reason
            }
        }
    }

    init(files: [String: String], mounts: [Mount], workingDir: String) {
        self.mounts = mounts.filter { !$0.containerPath.isEmpty && !$0.hostPath.isEmpty }
            .sorted { $0.containerPath.count > $1.containerPath.count }
        self.workingDir = workingDir.isEmpty ? "/" : workingDir
        for (path, text) in files { self.files[path] = Data(text.utf8) }
        directories.insert(self.workingDir)
        for mount in self.mounts { directories.insert(Self.normalize(mount.containerPath, from: "/")) }
    }

    /// The absolute, normalised form of `path`.
    func resolve(_ path: String) -> String { Self.normalize(path, from: workingDir) }

    static func normalize(_ path: String, from base: String) -> String {
        let full = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The host path and mount behind a container path, when a mount covers it.
    private func host(_ path: String) -> (path: String, mount: Mount)? {
        for mount in mounts {
            let root = Self.normalize(mount.containerPath, from: "/")
            if path == root { return (mount.hostPath, mount) }
            if path.hasPrefix(root == "/" ? "/" : root + "/") {
                return (mount.hostPath + "/" + path.dropFirst(root.count).drop { $0 == "/" }, mount)
            }
        }
        return nil
    }

    /// Whether `path` is a directory.
    func isDirectory(_ path: String) -> Bool {
        let path = resolve(path)
        if let (hostPath, _) = host(path) {
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: hostPath, isDirectory: &isDir) && isDir.boolValue
        }
        if directories.contains(path) { return true }
        let prefix = path == "/" ? "/" : path + "/"
        return files.keys.contains { $0.hasPrefix(prefix) } || directories.contains { $0.hasPrefix(prefix) }
    }

    /// Whether `path` exists (file or directory).
    func exists(_ path: String) -> Bool {
        let path = resolve(path)
        if let (hostPath, _) = host(path) { return FileManager.default.fileExists(atPath: hostPath) }
        return files[path] != nil || isDirectory(path)
    }

    /// A file's contents.
    func read(_ path: String) throws(Failure) -> Data {
        let path = resolve(path)
        if isDirectory(path) { throw .isDirectory }
        if let (hostPath, _) = host(path) {
            guard let data = FileManager.default.contents(atPath: hostPath) else { throw .notFound }
            return data
        }
        guard let data = files[path] else { throw .notFound }
        return data
    }

    /// Creates or replaces (or appends to) a file; its directory must exist.
    mutating func write(_ path: String, _ data: Data, append: Bool) throws(Failure) {
        let path = resolve(path)
        if isDirectory(path) { throw .isDirectory }
        let parent = Self.normalize(path + "/..", from: "/")
        guard isDirectory(parent) else { throw exists(parent) ? .notDirectory : .notFound }
        if let (hostPath, mount) = host(path) {
            if mount.readonly { throw .readOnly }
            var contents = append ? (FileManager.default.contents(atPath: hostPath) ?? Data()) : Data()
            contents.append(data)
            guard FileManager.default.createFile(atPath: hostPath, contents: contents) else {
                throw .io("cannot write \(path)")
            }
            return
        }
        var contents = append ? (files[path] ?? Data()) : Data()
        contents.append(data)
        files[path] = contents
        written.insert(path)
    }

    /// The writable layer's use: bytes of the files the container wrote and their inode count
    /// (files plus directories it created).
    var writableLayer: (bytes: UInt64, inodes: UInt64) {
        let bytes = written.reduce(UInt64(0)) { $0 + UInt64(files[$1]?.count ?? 0) }
        return (bytes, UInt64(written.count))
    }

    /// Removes a file (or, with `recursive`, a directory tree).
    mutating func remove(_ path: String, recursive: Bool) throws(Failure) {
        let path = resolve(path)
        if let (hostPath, mount) = host(path) {
            if mount.readonly { throw .readOnly }
            guard FileManager.default.fileExists(atPath: hostPath) else { throw .notFound }
            if isDirectory(path), !recursive { throw .isDirectory }
            do { try FileManager.default.removeItem(atPath: hostPath) } catch { throw .io("\(error)") }
            return
        }
        if isDirectory(path) {
            guard recursive else { throw .isDirectory }
            let prefix = path == "/" ? "/" : path + "/"
            files = files.filter { !$0.key.hasPrefix(prefix) }
            directories = directories.filter { $0 != path && !$0.hasPrefix(prefix) }
            written = written.filter { $0 != path && !$0.hasPrefix(prefix) }
            return
        }
        guard files.removeValue(forKey: path) != nil else { throw .notFound }
        written.remove(path)
    }

    /// Creates a directory (and, with `parents`, its missing parents).
    mutating func makeDirectory(_ path: String, parents: Bool) throws(Failure) {
        let path = resolve(path)
        if isDirectory(path) {
            if parents { return }
            throw .io("File exists")
        }
        if files[path] != nil { throw .io("File exists") }
        let parent = Self.normalize(path + "/..", from: "/")
        if !isDirectory(parent) {
            guard parents else { throw .notFound }
            try makeDirectory(parent, parents: true)
        }
        if let (hostPath, mount) = host(path) {
            if mount.readonly { throw .readOnly }
            do { try FileManager.default.createDirectory(atPath: hostPath, withIntermediateDirectories: parents) } catch {
                throw .io("\(error)")
            }
            return
        }
        directories.insert(path)
        written.insert(path)
    }
}
