import APIServer
import Kernel

extension ClusterRuntime {
    /// Publishes the started DNS add-on (its `start` info) as `kube-system/kube-dns` and returns
    /// the nameservers the kubelets give ClusterFirst pods: the Service's cluster IP, or the
    /// add-on's own listen address when the Service could not be written (then pods still reach
    /// the add-on directly).
    func publishClusterDNS(api: ClusterAPI, info: JSONValue) async -> [String] {
        let listen = info["listen"]?.arrayValue ?? []
        func endpoint(_ proto: String) -> (host: String, port: Int)? {
            guard let address = listen.first(where: { $0["protocol"]?.stringValue?.lowercased() == proto })?["address"]?.stringValue,
                  let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else { return nil }
            return (String(address[..<colon]), port)
        }
        guard let udp = endpoint("udp") else { return [] }
        let tcpPort = endpoint("tcp")?.port ?? udp.port
        do {
            let clusterIP = try await api.ensureClusterDNSService(listenHost: udp.host, udpPort: udp.port, tcpPort: tcpPort)
            say("DNS service \(ClusterAPI.clusterDNSServiceNamespace)/\(ClusterAPI.clusterDNSServiceName) at \(clusterIP):53 → \(udp.host):\(udp.port)")
            return [clusterIP]
        } catch {
            say("could not publish the DNS service, pods use the add-on at \(udp.host) directly: \(error)")
            return [udp.host]
        }
    }

    /// The zone the add-on serves (its `start` info's `zone`, without a final dot), which the
    /// kubelets use as the cluster domain in pods' search paths; `cluster.local` when it says none.
    static func clusterDomain(in info: JSONValue) -> String {
        var zone = info["zone"]?.stringValue ?? ""
        while zone.hasSuffix(".") { zone.removeLast() }
        return zone.isEmpty ? "cluster.local" : zone.lowercased()
    }
}
