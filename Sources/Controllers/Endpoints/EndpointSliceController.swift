import Kernel
import Logging

/// Keeps the EndpointSlices of every Service with a selector (and not of type ExternalName),
/// as Kubernetes' EndpointSlice controller does: `addressType: IPv4` slices of at most 100
/// endpoints computed by `EndpointSliceBuilder`, labelled with the Service's labels,
/// `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by:
/// endpointslice-controller.k8s.io`, owned by the Service, annotated with the last change
/// trigger time. A Service with no endpoint keeps one empty placeholder slice. Slices are
/// named `<service>-<5 characters>` derived from the Service's uid and the slice's position, so
/// a repeated reconcile never creates a duplicate. Updated when pods (status included), nodes
/// (zones) or the Service change; deleted with the Service.
public final class EndpointSliceController: Sendable {
    let client: any ObjectClient
    let logger: Logger
    let options: ControllerOptions
    let services: Informer
    let pods: Informer
    let slices: Informer
    let nodes: Informer
    let queue: WorkQueue<ObjectKey>
    private let runsInformers: Bool

    /// Creates a controller with its own informers (run by `run()`).
    public convenience init(client: any ObjectClient, logger: Logger = Logger(label: "keelson.controller.endpointslice"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: InformerFactory(client: client, logger: logger), logger: logger, options: options, runsInformers: true)
    }

    /// Creates a controller on shared informers; whoever owns the factory runs them.
    public convenience init(informers: InformerFactory, logger: Logger = Logger(label: "keelson.controller.endpointslice"), options: ControllerOptions = ControllerOptions()) {
        self.init(informers: informers, logger: logger, options: options, runsInformers: false)
    }

    private init(informers: InformerFactory, logger: Logger, options: ControllerOptions, runsInformers: Bool) {
        client = informers.client
        self.logger = logger
        self.options = options
        self.runsInformers = runsInformers
        services = informers.informer(for: .services)
        pods = informers.informer(for: .pods)
        slices = informers.informer(for: .endpointSlices)
        nodes = informers.informer(for: .nodes)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        services.addHandler { [weak self] event in self?.queue.add(ObjectKey(event.object)) }
        pods.addHandler { [weak self] event in self?.podChanged(event) }
        slices.addHandler { [weak self] event in self?.sliceChanged(event) }
        nodes.addHandler { [weak self] event in self?.nodeChanged(event) }
    }

    /// Reconciles EndpointSlices until the calling task is cancelled.
    public func run() async {
        let loop = ReconcileLoop(
            name: "endpointslice", queue: queue, informers: [services, pods, slices, nodes], runsInformers: runsInformers,
            options: options, logger: logger,
            allKeys: { [services, slices] in
                Array(Set(services.keys() + slices.list().compactMap(Self.serviceKey(ofManaged:))))
            },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done })
        await loop.run()
    }

    /// The key of the Service a slice belongs to, when this controller manages the slice.
    static func serviceKey(ofManaged slice: JSONValue) -> ObjectKey? {
        let labels = slice.labels
        guard labels[EndpointsMetadata.sliceManagedByLabel] == EndpointsMetadata.sliceControllerName,
            let service = labels[EndpointsMetadata.serviceNameLabel], !service.isEmpty
        else { return nil }
        return ObjectKey(namespace: slice.namespace ?? "", name: service)
    }

    // MARK: Event handlers

    /// Queues every Service whose selector matches the pod before or after the change.
    private func podChanged(_ event: InformerEvent) {
        for key in EndpointsMetadata.servicesSelecting(event, among: services) { queue.add(key) }
    }

    /// A managed slice changed or vanished behind our back: reconcile its Service.
    private func sliceChanged(_ event: InformerEvent) {
        if case .added = event { return }
        if let key = Self.serviceKey(ofManaged: event.object) { queue.add(key) }
    }

    /// A node's zone may have changed: reconcile the Services with pods on it.
    private func nodeChanged(_ event: InformerEvent) {
        if case .updated(let old, let new) = event, old.labels[EndpointSliceBuilder.zoneLabel] == new.labels[EndpointSliceBuilder.zoneLabel] { return }
        let nodeName = event.object.name ?? ""
        let namespaces = Set(pods.list().filter { $0.podNodeName == nodeName }.compactMap(\.namespace))
        for namespace in namespaces {
            for service in services.list(namespace: namespace) where EndpointsMetadata.selector(of: service) != nil {
                queue.add(ObjectKey(service))
            }
        }
    }

    // MARK: Reconcile

    /// Reconciles the EndpointSlices of one Service key.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        let owned = slices.list(namespace: key.namespace).filter { Self.serviceKey(ofManaged: $0) == key }
        guard let service = services.get(key) else {
            guard !owned.isEmpty else { return .done }
            do {
                // The Service may be newer than our cache: only delete when it is really gone.
                _ = try await client.get(.services, namespace: key.namespace, name: key.name)
                return .done
            } catch where isNotFound(error) {}
            for slice in owned {
                do { _ = try await client.delete(.endpointSlices, namespace: key.namespace, name: slice.name ?? "") } catch where isNotFound(error) {}
            }
            return .done
        }
        guard let selector = EndpointsMetadata.selector(of: service), !service.isBeingDeleted else { return .done }

        let matching = pods.list(namespace: key.namespace).filter { selector.matches($0.labels) }
        var contents = EndpointSliceBuilder.contents(service: service, pods: matching) { [nodes] name in nodes.get(namespace: "", name: name) }
        // A Service without endpoints keeps one empty placeholder slice.
        if contents.isEmpty { contents = [EndpointSliceBuilder.Content(ports: [], endpoints: [])] }
        var labels = EndpointsMetadata.labels(for: service)
        labels[EndpointsMetadata.serviceNameLabel] = key.name
        labels[EndpointsMetadata.sliceManagedByLabel] = EndpointsMetadata.sliceControllerName
        let triggerTime = EndpointsMetadata.lastChangeTriggerTime(service: service, pods: matching)
        let owner = OwnerReference(controllerOf: service, type: .services)

        var wanted: Set<String> = []
        for (index, content) in contents.enumerated() {
            let name = Self.sliceName(service: service, index: index)
            wanted.insert(name)
            let existing = owned.first { $0.name == name }
            if let existing, Self.matches(existing, content: content, labels: labels, owner: owner) { continue }
            var slice: JSONValue = existing ?? [
                "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
                "metadata": ["name": .string(name), "namespace": .string(key.namespace)],
            ]
            slice.labels = labels
            slice[path: "metadata", "ownerReferences"] = [owner.json]
            if let triggerTime { slice[path: "metadata", "annotations", EndpointsMetadata.triggerTimeAnnotation] = .string(triggerTime) }
            slice["addressType"] = "IPv4"
            slice["endpoints"] = .array(content.endpoints)
            slice["ports"] = content.ports.isEmpty ? nil : .array(content.ports)
            if existing != nil {
                _ = try await client.update(.endpointSlices, namespace: key.namespace, object: slice)
            } else {
                // AlreadyExists means our cache is behind: the error retries the key after back-off.
                _ = try await client.create(.endpointSlices, namespace: key.namespace, object: slice)
            }
        }
        for slice in owned where !wanted.contains(slice.name ?? "") {
            do { _ = try await client.delete(.endpointSlices, namespace: key.namespace, name: slice.name ?? "") } catch where isNotFound(error) {}
        }
        return .done
    }

    /// Whether a stored slice already holds `content` with these labels and owner.
    private static func matches(_ slice: JSONValue, content: EndpointSliceBuilder.Content, labels: [String: String], owner: OwnerReference) -> Bool {
        slice.labels == labels && slice["addressType"]?.stringValue == "IPv4"
            && (slice["endpoints"]?.arrayValue ?? []) == content.endpoints
            && (slice["ports"]?.arrayValue ?? []) == content.ports
            && slice.controllerReference?.uid == owner.uid
    }

    /// The name of a Service's slice at `index`: `<service>-` and five characters of the
    /// alphabet Kubernetes uses for generated names, derived (FNV-1a) from the Service's uid and
    /// the index, so the name is the same on every reconcile and after restarts.
    static func sliceName(service: JSONValue, index: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(service.uid ?? service.name ?? "")/\(index)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        var suffix = ""
        for _ in 0..<5 {
            suffix.append(alphabet[Int(hash % UInt64(alphabet.count))])
            hash /= UInt64(alphabet.count)
        }
        return "\(service.name ?? "")-\(suffix)"
    }
}
