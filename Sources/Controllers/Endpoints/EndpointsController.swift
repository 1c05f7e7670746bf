import Kernel
import Logging

/// Keeps an Endpoints object for every Service with a selector, as Kubernetes' endpoints
/// controller does: same name and namespace as the Service, the Service's labels (plus
/// `service.kubernetes.io/headless` for headless Services and
/// `endpoints.kubernetes.io/managed-by: endpoint-controller`), the
/// `endpoints.kubernetes.io/last-change-trigger-time` annotation, and subsets computed by
/// `EndpointsBuilder` from the pods the selector matches. Updated when pods (status included)
/// or the Service change, deleted with the Service; Endpoints of Services without a selector
/// and of ExternalName Services are left to their users.
public final class EndpointsController: Sendable {
    /// The label Kubernetes puts on the Endpoints of a headless Service.
    public static let headlessLabel = EndpointsMetadata.headlessLabel

    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let services: Informer
    let pods: Informer
    let endpoints: Informer
    let queue: WorkQueue<ObjectKey>
    private let runsInformers: Bool

    /// Creates a controller with its own informers (run by `run()`).
    public convenience init(client: any ObjectClient, logger: Logger = Logger(label: "keelson.controller.endpoints"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: InformerFactory(client: client, logger: logger), logger: logger, options: options, runsInformers: true)
    }

    /// Creates a controller on shared informers; whoever owns the factory runs them.
    public convenience init(informers: InformerFactory, logger: Logger = Logger(label: "keelson.controller.endpoints"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: informers, logger: logger, options: options, runsInformers: false)
    }

    private init(informers: InformerFactory, logger: Logger, options: ControllerOptions, runsInformers: Bool) {
        client = informers.client
        self.logger = logger
        self.options = options
        self.runsInformers = runsInformers
        services = informers.informer(for: .services)
        pods = informers.informer(for: .pods)
        endpoints = informers.informer(for: .endpoints)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        services.addHandler { [weak self] event in self?.queue.add(ObjectKey(event.object)) }
        pods.addHandler { [weak self] event in self?.podChanged(event) }
        endpoints.addHandler { [weak self] event in self?.endpointsChanged(event) }
    }

    /// Reconciles Endpoints until the calling task is cancelled.
    public func run() async {
        let loop = ReconcileLoop(
            name: "endpoints", queue: queue, informers: [services, pods, endpoints], runsInformers: runsInformers,
            options: options, logger: logger,
            allKeys: { [services, endpoints] in Array(Set(services.keys() + endpoints.keys())) },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done })
        await loop.run()
    }

    // MARK: Event handlers

    /// Queues every Service whose selector matches the pod before or after the change.
    private func podChanged(_ event: InformerEvent) {
        for key in EndpointsMetadata.servicesSelecting(event, among: services) { queue.add(key) }
    }

    /// An Endpoints object changed or vanished behind our back: reconcile its Service's key
    /// (which recreates or repairs it, or deletes it when the Service is gone).
    private func endpointsChanged(_ event: InformerEvent) {
        switch event {
        case .added: return
        case .updated, .deleted: queue.add(ObjectKey(event.object))
        }
    }

    // MARK: Reconcile

    /// Reconciles the Endpoints of one Service key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        guard let service = services.get(key) else {
            guard endpoints.get(key) != nil else { return .done }
            do {
                // The Service may be newer than our cache: only delete when it is really gone.
                _ = try await client.get(.services, namespace: key.namespace, name: key.name)
                return .done
            } catch where isNotFound(error) {}
            do {
                _ = try await client.delete(.endpoints, namespace: key.namespace, name: key.name)
                logger.debug("deleted endpoints of a deleted service", metadata: ["service": "\(key)"])
            } catch where isNotFound(error) {}
            return .done
        }
        guard let selector = EndpointsMetadata.selector(of: service) else { return .done }
        if service.isBeingDeleted { return .done }

        let matching = pods.list(namespace: key.namespace).filter { selector.matches($0.labels) }
        var subsets = EndpointsBuilder.subsets(service: service, pods: matching)
        let truncated = EndpointsCapacity.truncate(&subsets)
        var labels = EndpointsMetadata.labels(for: service)
        labels[EndpointsMetadata.endpointsManagedByLabel] = EndpointsMetadata.endpointsControllerName
        let triggerTime = EndpointsMetadata.lastChangeTriggerTime(service: service, pods: matching)

        if let existing = endpoints.get(key) {
            let currentSubsets = existing["subsets"]?.arrayValue ?? []
            let wasTruncated = existing[path: "metadata", "annotations", EndpointsCapacity.overCapacityAnnotation] != nil
            guard currentSubsets != subsets || existing.labels != labels || wasTruncated != truncated else { return .done }
            var updated = existing
            updated["subsets"] = subsets.isEmpty ? nil : .array(subsets)
            updated.labels = labels
            if truncated || wasTruncated {
                updated[path: "metadata", "annotations", EndpointsCapacity.overCapacityAnnotation] = truncated ? .string(EndpointsCapacity.truncated) : nil
            }
            if let triggerTime { updated[path: "metadata", "annotations", EndpointsMetadata.triggerTimeAnnotation] = .string(triggerTime) }
            _ = try await client.update(.endpoints, namespace: key.namespace, object: updated)
            return .done
        }
        var created: JSONValue = [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(key.name), "namespace": .string(key.namespace)],
        ]
        created.labels = labels
        if let triggerTime { created[path: "metadata", "annotations", EndpointsMetadata.triggerTimeAnnotation] = .string(triggerTime) }
        if truncated { created[path: "metadata", "annotations", EndpointsCapacity.overCapacityAnnotation] = .string(EndpointsCapacity.truncated) }
        if !subsets.isEmpty { created["subsets"] = .array(subsets) }
        // AlreadyExists means our cache is behind: the error retries the key after back-off.
        _ = try await client.create(.endpoints, namespace: key.namespace, object: created)
        return .done
    }
}
