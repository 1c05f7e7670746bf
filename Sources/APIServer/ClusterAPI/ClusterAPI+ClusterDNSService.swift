import Kernel

extension ClusterAPI {
    /// The namespace and name of the cluster DNS Service (Kubernetes' `kube-system/kube-dns`).
    public static let clusterDNSServiceNamespace = "kube-system"
    /// See `clusterDNSServiceNamespace`.
    public static let clusterDNSServiceName = "kube-dns"
    /// The EndpointSlice that points the cluster DNS Service at the add-on.
    public static let clusterDNSSliceName = "kube-dns-keelson"
    /// The `endpointslice.kubernetes.io/managed-by` value of that slice (not the EndpointSlice
    /// controller's, which leaves it alone: the Service has no selector). A label value cannot
    /// hold a `/`, so it is a domain, as Kubernetes' own managers' (`endpointslice-controller.k8s.io`).
    public static let clusterDNSManager = "cluster-dns.keelson.dev"

    /// The cluster DNS Service's address: the 10th address of the service range (127.96.0.10
    /// for 127.96.0.0/16), as Kubernetes installers place kube-dns.
    public var clusterDNSAddress: String {
        (ipAllocator.cidr.address(at: 10) ?? IPv4Address(ipAllocator.reservedAddress)).description
    }

    /// Makes `kube-system/kube-dns` point at the DNS add-on serving on `listenHost` (UDP on
    /// `udpPort`, TCP on `tcpPort`): a selectorless ClusterIP Service on `clusterDNSAddress`
    /// with ports `dns` 53/UDP and `dns-tcp` 53/TCP (target ports the add-on's), an Endpoints
    /// object and the EndpointSlice `kube-dns-keelson` with the add-on's address, ready.
    /// Existing objects are updated (a restart on other ports repoints them). Returns the
    /// Service's cluster IP (the stored one when the Service already existed). Idempotent.
    @discardableResult
    public func ensureClusterDNSService(listenHost: String, udpPort: Int, tcpPort: Int) async throws -> String {
        let namespace = Self.clusterDNSServiceNamespace
        let name = Self.clusterDNSServiceName
        let labels: JSONValue = [
            "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "KeelsonDNS",
        ]
        let clusterIP = clusterDNSAddress
        let ports: JSONValue = [
            ["name": "dns", "port": 53, "protocol": "UDP", "targetPort": .int(Int64(udpPort))],
            ["name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": .int(Int64(tcpPort))],
        ]
        let service: JSONValue = [
            "metadata": ["name": .string(name), "namespace": .string(namespace), "labels": labels],
            "spec": [
                "type": "ClusterIP", "clusterIP": .string(clusterIP), "clusterIPs": [.string(clusterIP)],
                "sessionAffinity": "None", "internalTrafficPolicy": "Cluster",
                "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack", "ports": ports,
            ],
        ]
        let saved: JSONValue
        if let current = try await stored(.services, namespace, name) {
            saved = try await rewrite(.services, namespace, current) { current in
                current["spec"]?["ports"] = ports
                current["metadata"]?["labels"] = labels
            }
        } else {
            saved = try await create(.services, namespace: namespace, object: service)
        }

        let endpointPorts: JSONValue = [
            ["name": "dns", "port": .int(Int64(udpPort)), "protocol": "UDP"],
            ["name": "dns-tcp", "port": .int(Int64(tcpPort)), "protocol": "TCP"],
        ]
        let endpoints: JSONValue = [
            "metadata": ["name": .string(name), "namespace": .string(namespace),
                         "labels": ["endpointslice.kubernetes.io/skip-mirror": "true"]],
            "subsets": [["addresses": [["ip": .string(listenHost)]], "ports": endpointPorts]],
        ]
        try await createOrChange(.endpoints, namespace, endpoints) { $0["subsets"] = endpoints["subsets"] }

        let sliceLabels: JSONValue = [
            "kubernetes.io/service-name": .string(name), "endpointslice.kubernetes.io/managed-by": .string(Self.clusterDNSManager),
        ]
        let slice: JSONValue = [
            "metadata": ["name": .string(Self.clusterDNSSliceName), "namespace": .string(namespace), "labels": sliceLabels],
            "addressType": "IPv4",
            "endpoints": [["addresses": [.string(listenHost)], "conditions": ["ready": true, "serving": true, "terminating": false]]],
            "ports": endpointPorts,
        ]
        try await createOrChange(.endpointSlices, namespace, slice) { current in
            current["metadata"]?["labels"] = sliceLabels
            current["endpoints"] = slice["endpoints"]
            current["ports"] = slice["ports"]
        }
        return saved[path: "spec", "clusterIP"]?.stringValue ?? clusterIP
    }

    /// The object of `type` named `name` in `namespace`, nil when there is none.
    private func stored(_ type: ResourceType, _ namespace: String, _ name: String) async throws -> JSONValue? {
        do {
            return try await get(type, namespace: namespace, name: name)
        } catch let error as APIError where error.code == 404 {
            return nil
        }
    }

    /// `current` with `change` applied, written back when it changed; the stored object.
    private func rewrite(_ type: ResourceType, _ namespace: String, _ current: JSONValue,
                         change: (inout JSONValue) -> Void) async throws -> JSONValue {
        var changed = current
        change(&changed)
        if changed == current { return current }
        return try await update(type, namespace: namespace, object: changed)
    }

    /// Creates `object` in `namespace`, or applies `change` to the stored one.
    private func createOrChange(_ type: ResourceType, _ namespace: String, _ object: JSONValue,
                                change: (inout JSONValue) -> Void) async throws {
        if let current = try await stored(type, namespace, object.name ?? "") {
            _ = try await rewrite(type, namespace, current, change: change)
        } else {
            _ = try await create(type, namespace: namespace, object: object)
        }
    }
}
