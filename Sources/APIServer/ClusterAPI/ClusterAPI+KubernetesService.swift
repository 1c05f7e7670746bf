import Kernel

extension ClusterAPI {
    /// The name of the Service (and its Endpoints and EndpointSlice) that points at the API server.
    public static let kubernetesServiceName = "kubernetes"

    /// Makes the `default/kubernetes` Service, Endpoints and EndpointSlice point at the API
    /// server listening on `host:port`, as Kubernetes' API server does at startup: the Service
    /// holds the first address of the service range on port 443 (`https`), and its endpoints
    /// carry the API server's own address. Existing objects are updated, so a restart on another
    /// port repoints them. Idempotent.
    public func ensureKubernetesService(host: String, port: Int) async throws {
        let name = Self.kubernetesServiceName
        let labels: JSONValue = ["component": "apiserver", "provider": "kubernetes"]
        let clusterIP = IPv4Address(ipAllocator.reservedAddress).description
        let service: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "labels": labels],
            "spec": [
                "type": "ClusterIP", "clusterIP": .string(clusterIP), "clusterIPs": [.string(clusterIP)],
                "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                "ports": [["name": "https", "port": 443, "protocol": "TCP", "targetPort": .int(Int64(port))]],
            ],
        ]
        if try await existing(.services, name) == nil {
            _ = try await create(.services, namespace: "default", object: service)
        } else {
            try await replace(.services, name) { current in
                current["spec"]?["ports"] = service[path: "spec", "ports"]
                current["metadata"]?["labels"] = labels
            }
        }

        let endpoints: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
            "subsets": [["addresses": [["ip": .string(host)]], "ports": [["name": "https", "port": .int(Int64(port)), "protocol": "TCP"]]]],
        ]
        try await upsert(.endpoints, endpoints) { current in current["subsets"] = endpoints["subsets"] }

        let slice: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default",
                         "labels": ["kubernetes.io/service-name": .string(name)]],
            "addressType": "IPv4",
            "endpoints": [["addresses": [.string(host)], "conditions": ["ready": true]]],
            "ports": [["name": "https", "port": .int(Int64(port)), "protocol": "TCP"]],
        ]
        try await upsert(.endpointSlices, slice) { current in
            current["endpoints"] = slice["endpoints"]
            current["ports"] = slice["ports"]
        }
    }

    /// The `default` object of `type` named `name`, nil when there is none.
    private func existing(_ type: ResourceType, _ name: String) async throws -> JSONValue? {
        do {
            return try await get(type, namespace: "default", name: name)
        } catch let error as APIError where error.code == 404 {
            return nil
        }
    }

    /// Creates `object` in `default`, or applies `change` to the stored one.
    private func upsert(_ type: ResourceType, _ object: JSONValue, change: (inout JSONValue) -> Void) async throws {
        let name = object.name ?? ""
        if try await existing(type, name) == nil {
            _ = try await create(type, namespace: "default", object: object)
        } else {
            try await replace(type, name, change: change)
        }
    }

    /// Re-reads the stored object, applies `change` and writes it back.
    private func replace(_ type: ResourceType, _ name: String, change: (inout JSONValue) -> Void) async throws {
        guard var current = try await existing(type, name) else { return }
        let before = current
        change(&current)
        if current != before { _ = try await update(type, namespace: "default", object: current) }
    }
}
