import Kernel

/// The variables the kubelet gives every container about Services (Kubernetes' service links):
/// the `kubernetes` Service of the `default` namespace always, and with `enableServiceLinks`
/// (the default) every Service of the pod's namespace that has a ClusterIP. For a Service
/// `my-svc` at 10.0.0.11 with port 80 named `http` these are `MY_SVC_SERVICE_HOST=10.0.0.11`,
/// `MY_SVC_SERVICE_PORT=80`, `MY_SVC_SERVICE_PORT_HTTP=80` and the Docker-link style
/// `MY_SVC_PORT=tcp://10.0.0.11:80`, `MY_SVC_PORT_80_TCP=tcp://10.0.0.11:80`,
/// `MY_SVC_PORT_80_TCP_PROTO=tcp`, `MY_SVC_PORT_80_TCP_PORT=80`, `MY_SVC_PORT_80_TCP_ADDR=10.0.0.11`.
/// They come before the container's own variables, which may override and refer to them.
enum ServiceEnvironment {
    /// The Services a pod's containers hear of: `namespaceServices` (the pod's namespace) when
    /// the pod enables service links, plus `kubernetes` from `default`; sorted by name.
    static func relevant(pod: PodView, namespaceServices: [JSONValue], masterService: JSONValue?) -> [JSONValue] {
        var byName: [String: JSONValue] = [:]
        if pod.spec["enableServiceLinks"]?.boolValue ?? true {
            for service in namespaceServices { if let name = service.name { byName[name] = service } }
        }
        // As the kubelet: a Service of the pod's own namespace named `kubernetes` wins.
        if let masterService, byName["kubernetes"] == nil { byName["kubernetes"] = masterService }
        return byName.keys.sorted().compactMap { byName[$0] }
    }

    /// The variables for `services`, in order.
    static func variables(for services: [JSONValue]) -> [(String, String)] {
        var variables: [(String, String)] = []
        for service in services {
            let ip = service[path: "spec", "clusterIP"]?.stringValue ?? ""
            guard !ip.isEmpty, ip != "None", let name = service.name else { continue }
            let prefix = name.uppercased().replacingOccurrences(of: "-", with: "_")
            let ports = service[path: "spec", "ports"]?.arrayValue ?? []
            guard let first = ports.first?["port"]?.intValue else { continue }
            variables.append(("\(prefix)_SERVICE_HOST", ip))
            variables.append(("\(prefix)_SERVICE_PORT", String(first)))
            for port in ports {
                guard let portName = port["name"]?.stringValue, !portName.isEmpty, let number = port["port"]?.intValue else { continue }
                variables.append(("\(prefix)_SERVICE_PORT_\(portName.uppercased().replacingOccurrences(of: "-", with: "_"))", String(number)))
            }
            let firstProto = (ports.first?["protocol"]?.stringValue ?? "TCP").lowercased()
            variables.append(("\(prefix)_PORT", "\(firstProto)://\(ip):\(first)"))
            for port in ports {
                guard let number = port["port"]?.intValue else { continue }
                let proto = port["protocol"]?.stringValue ?? "TCP"
                let base = "\(prefix)_PORT_\(number)_\(proto.uppercased())"
                variables.append((base, "\(proto.lowercased())://\(ip):\(number)"))
                variables.append(("\(base)_PROTO", proto.lowercased()))
                variables.append(("\(base)_PORT", String(number)))
                variables.append(("\(base)_ADDR", ip))
            }
        }
        return variables
    }
}
