import Kernel
import Logging
import Synchronization

/// Hands out one shared `Informer` per resource type, so that controllers running together
/// share one watch and one cache per type. `run()` runs every informer created so far.
public final class InformerFactory: Sendable {
    /// The client the informers list and watch through.
    public let client: any ObjectClient
    private let logger: Logger
    private let informers = Mutex<[ResourceType: Informer]>([:])

    /// Creates a factory over a client.
    public init(client: any ObjectClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The shared informer of a type (all namespaces), created on first use.
    public func informer(for type: ResourceType) -> Informer {
        informers.withLock { informers in
            if let existing = informers[type] { return existing }
            let informer = Informer(client: client, type: type, logger: logger)
            informers[type] = informer
            return informer
        }
    }

    /// Every informer created so far.
    public var all: [Informer] { informers.withLock { Array($0.values) } }

    /// Runs every informer created so far until the calling task is cancelled. Create the
    /// informers (i.e. the controllers that use them) before calling this.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for informer in all {
                group.addTask { await informer.run() }
            }
        }
    }

    /// Waits until every informer created so far has synced.
    public func waitUntilSynced() async {
        for informer in all { await informer.waitUntilSynced() }
    }
}
