import Foundation

/// What an image's own process does when the pod gives no command or args.
enum DefaultProcess: Sendable, Equatable {
    /// An interactive program (a shell, a REPL) that ends at once without a terminal.
    case exitsAtOnce
    /// A server that runs until stopped (and exits 0 on SIGTERM).
    case daemon
    /// A server that refuses to start (exit 1, `message` on stderr) unless one of `anyOf` is set.
    case daemonRequiringEnv(anyOf: [String], message: String)
}

/// One repository of the built-in catalogue.
struct CatalogueEntry: Sendable {
    /// "docker.io/library/nginx".
    var repository: String
    /// Known versions, newest first; `latest` and version prefixes ("1.27") resolve to them.
    var versions: [String]
    /// Unpacked size in bytes.
    var size: UInt64
    /// The image config's ENTRYPOINT and CMD.
    var entrypoint: [String]
    var cmd: [String]
    /// The image config's ENV, in order.
    var env: [(String, String)] = [("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")]
    /// The image config's WORKDIR.
    var workingDir = "/"
    /// What the default process does.
    var defaultProcess: DefaultProcess
    /// Files the image ships that the interpreter can read (`cat`).
    var files: [String: String] = [:]
    /// Whether the runtime pins it (the sandbox image).
    var pinned = false

    /// The version a tag resolves to.
    func resolve(tag: String) -> String {
        if tag == "latest" || tag == "stable", let newest = versions.first { return newest }
        if versions.contains(tag) { return tag }
        return versions.first { $0.hasPrefix(tag + ".") } ?? tag
    }
}

/// The images this fake can pull: the catalogue of well-known Docker Hub library images (any
/// tag), the sandbox image, and anything under `allowedRegistries` from the config.
struct ImageCatalogue: Sendable {
    private let entries: [String: CatalogueEntry]
    private let allowed: [String]

    init(allowedRegistries: [String]) {
        var entries: [String: CatalogueEntry] = [:]
        for entry in Self.builtIn { entries[entry.repository] = entry }
        self.entries = entries
        self.allowed = allowedRegistries.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Why an image cannot be pulled.
    enum Refusal: Error, Sendable {
        /// The registry answers that the repository does not exist.
        case repositoryNotFound
        /// The registry cannot be reached from this node.
        case registryUnreachable
    }

    /// The catalogue entry for a reference, or a generic one for allowed registries.
    func lookup(_ reference: ImageReference) throws(Refusal) -> CatalogueEntry {
        if let entry = entries[reference.repository] { return entry }
        let repository = reference.repository
        if allowed.contains(where: { repository == $0 || repository.hasPrefix($0 + "/") || reference.domain == $0 }) {
            return CatalogueEntry(
                repository: repository, versions: [], size: 24_117_248, entrypoint: ["/app"], cmd: [],
                defaultProcess: .daemon)
        }
        throw reference.domain == "docker.io" ? .repositoryNotFound : .registryUnreachable
    }

    private static let osRelease = "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n"
    private static let passwd = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    private static let entrypointScript = "/usr/local/bin/docker-entrypoint.sh"

    /// The built-in catalogue.
    static let builtIn: [CatalogueEntry] = [
        CatalogueEntry(
            repository: "docker.io/library/busybox", versions: ["1.37.0", "1.36.1", "1.36.0", "1.35.0"],
            size: 4_261_550, entrypoint: [], cmd: ["sh"], defaultProcess: .exitsAtOnce,
            files: ["/etc/passwd": passwd]),
        CatalogueEntry(
            repository: "docker.io/library/alpine", versions: ["3.21.0", "3.20.3", "3.19.4"],
            size: 7_833_030, entrypoint: [], cmd: ["/bin/sh"], defaultProcess: .exitsAtOnce,
            files: ["/etc/os-release": "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.21.0\n", "/etc/passwd": passwd]),
        CatalogueEntry(
            repository: "docker.io/library/ubuntu", versions: ["24.04", "22.04", "20.04"],
            size: 78_118_318, entrypoint: [], cmd: ["/bin/bash"], defaultProcess: .exitsAtOnce,
            files: ["/etc/os-release": "NAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\n", "/etc/passwd": passwd]),
        CatalogueEntry(
            repository: "docker.io/library/debian", versions: ["12.8", "11.11"],
            size: 116_542_000, entrypoint: [], cmd: ["bash"], defaultProcess: .exitsAtOnce,
            files: ["/etc/os-release": osRelease, "/etc/passwd": passwd]),
        CatalogueEntry(
            repository: "docker.io/library/nginx", versions: ["1.27.3", "1.27.2", "1.26.2"],
            size: 191_998_128, entrypoint: ["/docker-entrypoint.sh"], cmd: ["nginx", "-g", "daemon off;"],
            env: [("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), ("NGINX_VERSION", "1.27.3")],
            defaultProcess: .daemon,
            files: [
                "/usr/share/nginx/html/index.html":
                    "<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n</body>\n</html>\n",
                "/etc/nginx/conf.d/default.conf": "server {\n    listen       80;\n    server_name  localhost;\n}\n",
                "/etc/os-release": osRelease, "/etc/passwd": passwd,
            ]),
        CatalogueEntry(
            repository: "docker.io/library/httpd", versions: ["2.4.62"],
            size: 147_983_872, entrypoint: [], cmd: ["httpd-foreground"], workingDir: "/usr/local/apache2",
            defaultProcess: .daemon,
            files: ["/usr/local/apache2/htdocs/index.html": "<html><body><h1>It works!</h1></body></html>\n"]),
        CatalogueEntry(
            repository: "docker.io/library/python", versions: ["3.13.1", "3.12.8", "3.11.11"],
            size: 1_017_661_440, entrypoint: [], cmd: ["python3"],
            env: [("PATH", "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"), ("PYTHON_VERSION", "3.13.1")],
            defaultProcess: .exitsAtOnce, files: ["/etc/os-release": osRelease, "/etc/passwd": passwd]),
        CatalogueEntry(
            repository: "docker.io/library/node", versions: ["22.12.0", "20.18.1"],
            size: 1_115_684_864, entrypoint: [entrypointScript], cmd: ["node"],
            defaultProcess: .exitsAtOnce, files: ["/etc/os-release": osRelease]),
        CatalogueEntry(
            repository: "docker.io/library/golang", versions: ["1.23.4", "1.22.10"],
            size: 852_410_368, entrypoint: [], cmd: ["bash"], workingDir: "/go",
            defaultProcess: .exitsAtOnce, files: ["/etc/os-release": osRelease]),
        CatalogueEntry(
            repository: "docker.io/library/redis", versions: ["7.4.1", "7.2.6"],
            size: 117_239_808, entrypoint: ["docker-entrypoint.sh"], cmd: ["redis-server"], workingDir: "/data",
            defaultProcess: .daemon, files: ["/etc/os-release": osRelease]),
        CatalogueEntry(
            repository: "docker.io/library/memcached", versions: ["1.6.33"],
            size: 84_557_824, entrypoint: ["docker-entrypoint.sh"], cmd: ["memcached"],
            defaultProcess: .daemon),
        CatalogueEntry(
            repository: "docker.io/library/postgres", versions: ["17.2", "16.6", "15.10"],
            size: 438_304_768, entrypoint: ["docker-entrypoint.sh"], cmd: ["postgres"],
            env: [("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/17/bin"),
                  ("PGDATA", "/var/lib/postgresql/data")],
            defaultProcess: .daemonRequiringEnv(
                anyOf: ["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"],
                message: "Error: Database is uninitialized and superuser password is not specified.\n"
                    + "       You must specify POSTGRES_PASSWORD to a non-empty value for the\n"
                    + "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n"),
            files: ["/etc/os-release": osRelease]),
        CatalogueEntry(
            repository: "docker.io/library/mysql", versions: ["9.1.0", "8.4.3", "8.0.40"],
            size: 602_931_200, entrypoint: ["docker-entrypoint.sh"], cmd: ["mysqld"],
            defaultProcess: .daemonRequiringEnv(
                anyOf: ["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"],
                message: "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n"
                    + "    You need to specify one of the following as an environment variable:\n"
                    + "    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n")),
        CatalogueEntry(
            repository: "registry.k8s.io/pause", versions: ["3.10", "3.9"],
            size: 320_368, entrypoint: ["/pause"], cmd: [], defaultProcess: .daemon, pinned: true),
    ]
}
