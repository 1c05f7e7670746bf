import Kernel
import Logging

/// Kubernetes' serviceaccount controller and root CA publisher: every namespace that is not
/// terminating has a ServiceAccount named `default` and, when the cluster has a CA, a ConfigMap
/// `kube-root-ca.crt` whose `ca.crt` is that CA (what pods use to trust the API server). Either
/// is recreated when deleted, and the ConfigMap is put back when edited.
public final class ServiceAccountsController: Sendable {
    /// The ServiceAccount every namespace gets.
    public static let defaultName = "default"
    /// The ConfigMap carrying the cluster CA.
    public static let rootCAConfigMap = "kube-root-ca.crt"

    let client: any ObjectClient
    let namespaces: Informer
    let serviceAccounts: Informer
    let configMaps: Informer
    let queue: WorkQueue<ObjectKey>
    private let rootCAPEM: String?
    private let options: ControllerOptions
    private let logger: Logger

    /// Creates the controller on shared informers; `rootCAPEM` is the CA to publish (nil: no
    /// ConfigMap).
    public init(informers: InformerFactory, rootCAPEM: String?, logger: Logger, options: ControllerOptions = ControllerOptions()) {
        client = informers.client
        namespaces = informers.informer(for: .namespaces)
        serviceAccounts = informers.informer(for: .serviceAccounts)
        configMaps = informers.informer(for: .configMaps)
        queue = WorkQueue(baseDelay: options.retryBaseDelay, maxDelay: options.retryMaxDelay)
        self.rootCAPEM = rootCAPEM
        self.options = options
        self.logger = logger
        namespaces.addHandler { [queue] event in
            if case .deleted = event { return }
            queue.add(ObjectKey(namespace: "", name: event.object.name ?? ""))
        }
        serviceAccounts.addHandler { [queue] event in
            if case .deleted(let account) = event, account.name == Self.defaultName { queue.add(ObjectKey(namespace: "", name: account.namespace ?? "")) }
        }
        configMaps.addHandler { [queue] event in
            guard event.object.name == Self.rootCAConfigMap else { return }
            if case .added = event { return }
            queue.add(ObjectKey(namespace: "", name: event.object.namespace ?? ""))
        }
    }

    /// Runs until the calling task is cancelled (the factory runs the informers).
    public func run() async {
        let namespaces = self.namespaces
        await ReconcileLoop(
            name: "serviceaccount", queue: queue, informers: [namespaces, serviceAccounts, configMaps], runsInformers: false,
            options: options, logger: logger,
            allKeys: { namespaces.list().map { ObjectKey(namespace: "", name: $0.name ?? "") } },
            reconcile: { [weak self] key in try await self?.reconcile(key) ?? .done }
        ).run()
    }

    /// Ensures the namespace's default ServiceAccount and root CA ConfigMap.
    func reconcile(_ key: ObjectKey) async throws -> ReconcileResult {
        let namespace = key.name
        guard let object = namespaces.get(namespace: "", name: namespace), !object.isBeingDeleted,
              object[path: "status", "phase"]?.stringValue != "Terminating" else { return .done }
        if serviceAccounts.get(namespace: namespace, name: Self.defaultName) == nil {
            try await createIgnoringExisting(.serviceAccounts, namespace, [
                "apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(Self.defaultName), "namespace": .string(namespace)],
            ])
        }
        guard let rootCAPEM else { return .done }
        let data: JSONValue = ["ca.crt": .string(rootCAPEM)]
        let annotations: JSONValue = ["kubernetes.io/description": .string(
            "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.")]
        if let existing = configMaps.get(namespace: namespace, name: Self.rootCAConfigMap) {
            guard existing["data"] != data else { return .done }
            _ = try await ConflictRetry.update(client, .configMaps, existing) { configMap in
                configMap["data"] = data
                return true
            }
            return .done
        }
        try await createIgnoringExisting(.configMaps, namespace, [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(Self.rootCAConfigMap), "namespace": .string(namespace), "annotations": annotations],
            "data": data,
        ])
        return .done
    }

    private func createIgnoringExisting(_ type: ResourceType, _ namespace: String, _ object: JSONValue) async throws {
        do {
            _ = try await client.create(type, namespace: namespace, object: object)
        } catch let error as APIError where error.reason == "AlreadyExists" {
        } catch let error as APIError where error.reason == "Forbidden" {
            // The namespace began terminating meanwhile.
        }
    }
}
