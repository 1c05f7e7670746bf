import Foundation

/// The files the `process` runtime keeps for each sandbox, in a directory of its own under
/// `root` (`<root>/<sandbox id>/`): today the `resolv.conf` formed from the sandbox's CRI
/// `dnsConfig`, which its containers see as /etc/resolv.conf (see `MountNamespace`).
struct ProcessSandboxFiles: Sendable {
    /// The directory holding one directory per sandbox.
    let root: String

    /// The sandbox's directory.
    func directory(_ sandboxID: String) -> String {
        "\(root)/\(sandboxID)"
    }

    /// The sandbox's resolv.conf, nil when it has none (no `dnsConfig`, or it could not be written).
    func resolvConf(_ sandboxID: String) -> String? {
        let path = "\(directory(sandboxID))/resolv.conf"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Creates the sandbox's directory and writes its resolv.conf when `dns` is given.
    func create(_ sandboxID: String, dns: DNSConfig?) throws {
        let directory = directory(sandboxID)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let dns else { return }
        try Data(Self.resolvConfText(dns).utf8).write(to: URL(fileURLWithPath: "\(directory)/resolv.conf"), options: .atomic)
        // Readable by every user the container may run as, like the host's.
        chmod("\(directory)/resolv.conf", 0o644)
    }

    /// Deletes the sandbox's directory (nothing when it is gone).
    func remove(_ sandboxID: String) {
        try? FileManager.default.removeItem(atPath: directory(sandboxID))
    }

    /// resolv.conf text for a CRI `DNSConfig`, laid out as container runtimes write it: the
    /// `search` line, one `nameserver` line per server, the `options` line; lines without
    /// values are left out.
    static func resolvConfText(_ dns: DNSConfig) -> String {
        var text = ""
        if let searches = dns.searches, !searches.isEmpty { text += "search \(searches.joined(separator: " "))\n" }
        for server in dns.servers ?? [] { text += "nameserver \(server)\n" }
        if let options = dns.options, !options.isEmpty { text += "options \(options.joined(separator: " "))\n" }
        return text
    }
}
