import Kernel

extension ClusterAPI {
    /// Admits and stores a new object: defaults, validation, generateName, namespace existence and
    /// cluster IP allocation for Services. 409 AlreadyExists, 422 Invalid, 404 for a missing namespace.
    public func create(_ type: ResourceType, namespace: String, object: JSONValue) async throws -> JSONValue {
        try await durably { try createObject(type, namespace: namespace, object: object) }
    }

    /// Admits and stores a new object: shape and kind checks, namespace resolution and
    /// existence, metadata and kind defaults, validation, `generateName`, cluster IPs.
    func createObject(_ type: ResourceType, namespace: String, object: JSONValue) throws -> JSONValue {
        try ObjectMetaAdmission.checkShape(object, type)
        try ObjectMetaAdmission.checkKind(object, type)
        let namespace = try resolveNamespace(type, requested: namespace, in: object)
        let admission = Admissions.of(type)
        var object = object
        ObjectMetaAdmission.prepareForCreate(&object, type, namespace: namespace, tracksGeneration: admission.tracksGeneration)
        admission.applyDefaults(&object)
        admission.prepareForCreate(&object)
        ManagedFieldsRecorder.record(&object, incoming: object, old: nil, type: type, statusOnly: false)

        let generateName = object[path: "metadata", "generateName"]?.stringValue ?? ""
        let givenName = object.name ?? ""
        if givenName.isEmpty && !generateName.isEmpty {
            object.name = ObjectMetaAdmission.generatedName(prefix: generateName)
        }
        let fromPrefix = givenName.isEmpty && !generateName.isEmpty
        var causes = ObjectMetaAdmission.validate(
            object, rule: admission.nameRule,
            nameField: fromPrefix ? "metadata.generateName" : "metadata.name",
            nameValue: fromPrefix ? generateName : nil)
        causes += admission.validate(object)
        let displayName = givenName.isEmpty ? generateName : givenName
        if type == .pods {
            defaultTolerationSeconds.apply(to: &object)
            try admitPodPriority(&object, name: displayName)
            PodServiceAccountAdmission.apply(to: &object, account: try podServiceAccount(object, namespace: namespace))
        }
        guard causes.isEmpty else { throw APIError.invalid(type, displayName, causes) }
        if type == .priorityClasses { try admitPriorityClass(object) }

        if type.namespaced { try requireNamespace(namespace) }
        if type.namespaced { try rejectIfTerminating(namespace, type, displayName) }
        var claimed = ServiceClaims.none
        if type == .services {
            claimed.addresses = try assignClusterIP(&object)
            do {
                claimed.nodePorts = try assignNodePorts(&object, old: nil).claimed
            } catch {
                release(claimed)
                throw error
            }
        }
        if DryRun.active {
            defer { release(claimed) }
            return try dryRunCreate(type, namespace: namespace, object: object)
        }
        do {
            return try storeNew(type, namespace: namespace, object: object, regenerate: fromPrefix ? generateName : nil)
        } catch {
            release(claimed)
            throw error
        }
    }

    /// The ServiceAccount a new pod names (`default` when none), nil when it does not exist.
    /// Read from the namespace's list, which the store keeps in memory while it is small, so
    /// that pod creates do not go to the backend for an account that does not exist.
    private func podServiceAccount(_ pod: JSONValue, namespace: String) throws -> JSONValue? {
        let name = [pod[path: "spec", "serviceAccountName"], pod[path: "spec", "serviceAccount"]]
            .compactMap { $0?.stringValue }.first { !$0.isEmpty } ?? "default"
        let accounts = try Self.mapStoreErrors(.serviceAccounts, name) {
            try store.list(resource: ResourceType.serviceAccounts.storageName, namespace: namespace).items
        }
        return accounts.first { $0.object.name == name }?.object
    }

    /// Writes a new object; with a `generateName` prefix, retries a few names on collision.
    private func storeNew(_ type: ResourceType, namespace: String, object: JSONValue, regenerate prefix: String?) throws -> JSONValue {
        var object = object
        var attempts = 0
        while true {
            attempts += 1
            let name = object.name ?? ""
            do {
                return try Self.mapStoreErrors(type, name) {
                    try store.create(key(type, namespace, name), object: object).object
                }
            } catch let error as APIError where error.reason == "AlreadyExists" {
                guard let prefix, attempts < 8 else { throw error }
                object.name = ObjectMetaAdmission.generatedName(prefix: prefix)
            }
        }
    }

    /// The namespace an object goes to: the requested one, which the body may repeat but not
    /// contradict (400); "" for cluster-scoped kinds.
    func resolveNamespace(_ type: ResourceType, requested: String, in object: JSONValue) throws -> String {
        guard type.namespaced else { return "" }
        let inBody = object.namespace ?? ""
        if !requested.isEmpty && !inBody.isEmpty && inBody != requested {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        let namespace = requested.isEmpty ? inBody : requested
        guard !namespace.isEmpty else {
            throw APIError.badRequest("an empty namespace may not be set during creation of a namespaced object")
        }
        return namespace
    }

    /// Fails with 404 when the namespace does not exist; `default` and `kube-system` are
    /// created on first use, as every cluster has them.
    func requireNamespace(_ namespace: String) throws {
        if namespace == "default" || namespace == "kube-system" {
            try ensureNamespace(namespace)
            return
        }
        let found = try Self.mapStoreErrors(.namespaces, namespace) {
            try store.get(key(.namespaces, "", namespace))
        }
        guard found != nil else { throw APIError.notFound(.namespaces, namespace) }
    }

    /// Allocates (or claims the requested) cluster IP of a new Service and fills clusterIP,
    /// clusterIPs, ipFamilies and ipFamilyPolicy. Returns the addresses to release on failure.
    func assignClusterIP(_ service: inout JSONValue) throws -> [String] {
        let name = service.name ?? ""
        let type = service[path: "spec", "type"]?.stringValue ?? "ClusterIP"
        if type == "ExternalName" {
            service[path: "spec", "clusterIP"] = nil
            service[path: "spec", "clusterIPs"] = nil
            return []
        }
        let requested = service[path: "spec", "clusterIP"]?.stringValue
            ?? service[path: "spec", "clusterIPs"]?.arrayValue?.first?.stringValue ?? ""
        var claimed: [String] = []
        let address: String
        if requested == "None" {
            address = "None"
        } else if requested.isEmpty {
            address = try ipAllocator.allocate()
            claimed = [address]
        } else {
            if let problem = ipAllocator.claim(requested) {
                throw APIError.invalid(.services, name, [.invalid("spec.clusterIPs", .array([.string(requested)]), problem)])
            }
            address = requested
            claimed = [address]
        }
        service[path: "spec", "clusterIP"] = .string(address)
        service[path: "spec", "clusterIPs"] = [.string(address)]
        if address != "None" {
            service[path: "spec", "ipFamilies"] = ["IPv4"]
            if service[path: "spec", "ipFamilyPolicy"]?.stringValue == nil {
                service[path: "spec", "ipFamilyPolicy"] = "SingleStack"
            }
        }
        return claimed
    }
}
