import Kernel
import Logging

/// Kubernetes' namespace controller: a Namespace the API marked for deletion (deletionTimestamp,
/// phase Terminating, `spec.finalizers: [kubernetes]`) has everything in it deleted — pods
/// gracefully, objects with finalizers once those are done — and, when nothing is left, loses
/// its `kubernetes` finalizer, upon which the API removes it.
public final class NamespaceController: Sendable {
    /// The finalizer the namespace controller owns.
    public static let finalizer = "kubernetes"
    /// How often a terminating namespace is looked at again while content remains.
    public static let recheck: Duration = .milliseconds(500)

    /// The client every read and write goes through.
    public let client: any ObjectClient
    /// The shared Namespace informer.
    let namespaces: Informer
    /// Terminating namespaces to work on.
    let queue: WorkQueue<ObjectKey>
    /// Where progress and failures are logged.
    let logger: Logger
    /// Worker count and retry delays.
    let options: ControllerOptions

    /// Creates the controller over the factory's Namespace informer; nothing runs until `run()`.
    public init(informers: InformerFactory, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = informers.client
        namespaces = informers.informer(for: .namespaces)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        self.logger = logger
        self.options = options
        namespaces.addHandler { [queue] event in
            if event.object.isBeingDeleted { queue.add(ObjectKey(event.object)) }
        }
    }

    /// Runs until the calling task is cancelled (the factory runs the informer).
    public func run() async {
        let namespaces = self.namespaces
        await ReconcileLoop(
            name: "namespace", queue: queue, informers: [namespaces], runsInformers: false, options: options, logger: logger,
            allKeys: { namespaces.list().filter(\.isBeingDeleted).map { ObjectKey($0) } },
            reconcile: { [self] key in try await reconcile(key) }
        ).run()
    }

    /// Empties one terminating namespace, then removes its `kubernetes` finalizer.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        let namespace: JSONValue
        do {
            namespace = try await client.get(.namespaces, namespace: "", name: key.name)
        } catch where isNotFound(error) {
            return .done
        }
        let finalizers = (namespace[path: "spec", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard namespace.isBeingDeleted, finalizers.contains(Self.finalizer) else { return .done }
        var remaining = 0
        for type in ResourceType.all where type.namespaced {
            let (items, _) = try await client.list(type, namespace: key.name, labelSelector: [:])
            remaining += items.count
            for item in items where !item.isBeingDeleted {
                do {
                    _ = try await client.delete(type, namespace: key.name, name: item.name ?? "",
                                                options: DeleteOptions(propagationPolicy: .background))
                } catch where isNotFound(error) {
                    continue
                }
            }
        }
        if remaining > 0 {
            logger.debug("namespace still has content", metadata: ["namespace": "\(key.name)", "objects": "\(remaining)"])
            return .requeueAfter(Self.recheck)
        }
        _ = try await ConflictRetry.update(client, .namespaces, namespace) { object in
            let current = (object[path: "spec", "finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard object.isBeingDeleted, current.contains(Self.finalizer) else { return false }
            object[path: "spec", "finalizers"] = .array(current.filter { $0 != Self.finalizer }.map { .string($0) })
            return true
        }
        logger.info("namespace emptied", metadata: ["namespace": "\(key.name)"])
        return .done
    }
}
