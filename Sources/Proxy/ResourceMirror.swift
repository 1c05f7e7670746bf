import Kernel
import Logging
import Synchronization

/// A list+watch mirror of one resource type across all namespaces: lists, watches from the
/// list's revision, resumes after a watch ends and relists after an error (such as 410 Gone).
/// Calls `onChange` after every change to its cache. The proxy's own small informer (Proxy
/// does not depend on Controllers).
final class ResourceMirror: Sendable {
    /// The cache and whether the first list arrived.
    private struct State {
        /// The objects by `namespace/name`.
        var objects: [String: JSONValue] = [:]
        /// Whether the first list arrived.
        var listed = false
    }

    /// The type mirrored.
    let type: ResourceType
    /// The API the objects come from.
    private let client: any ObjectClient
    /// Where list/watch failures are logged.
    private let logger: Logger
    /// Called after every change to the cache.
    private let onChange: @Sendable () -> Void
    /// The cache.
    private let state = Mutex(State())

    /// Creates a mirror; nothing happens until `run()`.
    init(client: any ObjectClient, type: ResourceType, logger: Logger, onChange: @escaping @Sendable () -> Void) {
        self.client = client
        self.type = type
        self.logger = logger
        self.onChange = onChange
    }

    /// Every cached object.
    var objects: [JSONValue] { state.withLock { Array($0.objects.values) } }

    /// Whether the first list has arrived.
    var hasListed: Bool { state.withLock { $0.listed } }

    /// Lists and watches until the task is cancelled.
    func run() async {
        var failures = 0
        while !Task.isCancelled {
            do {
                let list = try await client.list(type, namespace: nil, labelSelector: [:])
                state.withLock { state in
                    state.objects = Dictionary(list.items.map { (Self.key($0), $0) }, uniquingKeysWith: { $1 })
                    state.listed = true
                }
                onChange()
                failures = 0
                var revision = list.resourceVersion
                while !Task.isCancelled {
                    var delivered = false
                    for try await event in try await client.watch(type, namespace: nil, fromRevision: revision) {
                        revision = max(revision, event.revision)
                        delivered = true
                        apply(event)
                    }
                    if !delivered { try await Task.sleep(for: .milliseconds(100)) }
                }
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let delay = Duration.milliseconds(min(5_000, 20 << min(failures, 10)))
                logger.debug("list/watch failed, relisting", metadata: ["type": "\(type.resource)", "error": "\(error)"])
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// Applies one watch event to the cache.
    private func apply(_ event: WatchEvent) {
        guard event.object.name != nil else { return }
        let key = Self.key(event.object)
        let changed = state.withLock { state -> Bool in
            switch event.type {
            case "ADDED", "MODIFIED":
                state.objects[key] = event.object
                return true
            case "DELETED":
                return state.objects.removeValue(forKey: key) != nil
            default:
                return false
            }
        }
        if changed { onChange() }
    }

    /// `namespace/name`.
    private static func key(_ object: JSONValue) -> String { "\(object.namespace ?? "")/\(object.name ?? "")" }
}
