import APIServer
import Kernel
import Testing

@Suite("Service node ports")
struct NodePortAllocationTests {
    /// A NodePort Service with the given service ports (and node ports where not nil).
    func nodePortService(_ name: String, _ ports: [(port: Int64, nodePort: Int64?)]) -> JSONValue {
        var object = service(name)
        object[path: "spec", "type"] = "NodePort"
        object[path: "spec", "ports"] = .array(ports.enumerated().map { index, entry in
            var port: JSONValue = ["name": .string("p\(index)"), "port": .int(entry.port)]
            if let nodePort = entry.nodePort { port["nodePort"] = .int(nodePort) }
            return port
        })
        return object
    }

    @Test("NodePort Services get distinct ports from 30000-32767; asked-for ports are claimed once, in range")
    func allocation() async throws {
        try await withAPI { api in
            let created = try await api.create(.services, namespace: "default", object: nodePortService("web", [(80, nil), (443, nil)]))
            let ports = (created[path: "spec", "ports"]?.arrayValue ?? []).compactMap { $0["nodePort"]?.intValue }
            #expect(ports.count == 2 && Set(ports).count == 2)
            #expect(ports.allSatisfy { (30000...32767).contains($0) })

            _ = try await api.create(.services, namespace: "default", object: nodePortService("fixed", [(80, 30080)]))
            let taken = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: self.nodePortService("dup", [(80, 30080)])) }
            #expect(taken?.code == 422)
            #expect(taken?.causes.first?.field == "spec.ports[0].nodePort")
            #expect(taken?.causes.first?.message == "Invalid value: 30080: provided port is already allocated")
            let outside = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: self.nodePortService("far", [(80, 40000)])) }
            #expect(outside?.causes.first?.message.hasSuffix("The range of valid ports is 30000-32767") == true)

            var clusterIP = service("plain")
            clusterIP[path: "spec", "ports"] = [["port": 80, "nodePort": 30500]]
            let forbidden = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: clusterIP) }
            #expect(forbidden?.causes.first?.message == "Forbidden: may not be used when `type` is 'ClusterIP'")
        }
    }

    @Test("updates keep node ports the client leaves out, switching to ClusterIP and deleting free them")
    func updatesAndRelease() async throws {
        try await withAPI { api in
            let created = try await api.create(.services, namespace: "default", object: nodePortService("web", [(80, nil)]))
            let port = try #require(created[path: "spec", "ports"]?.arrayValue?.first?["nodePort"]?.intValue)

            var resent = created
            resent[path: "spec", "ports"] = [["name": "p0", "port": 80]]
            let updated = try await api.update(.services, namespace: "default", object: resent)
            #expect(updated[path: "spec", "ports"]?.arrayValue?.first?["nodePort"]?.intValue == port)

            var plain = updated
            plain[path: "spec", "type"] = "ClusterIP"
            plain[path: "spec", "ports"] = [["name": "p0", "port": 80]]
            let switched = try await api.update(.services, namespace: "default", object: plain)
            #expect(switched[path: "spec", "ports"]?.arrayValue?.first?["nodePort"] == nil)
            // The freed port can be asked for again; deleting a Service frees its ports too.
            _ = try await api.create(.services, namespace: "default", object: nodePortService("again", [(80, port)]))
            _ = try await api.delete(.services, namespace: "default", name: "again")
            _ = try await api.create(.services, namespace: "default", object: nodePortService("third", [(80, port)]))
        }
    }

    @Test("node ports held by stored Services stay taken after a restart")
    func restart() async throws {
        let store = try Store(backend: MemoryBackend())
        defer { store.close() }
        let first = try ClusterAPI(store: store)
        try first.bootstrap()
        _ = try await first.create(.services, namespace: "default", object: nodePortService("web", [(80, 31000)]))
        let second = try ClusterAPI(store: store)
        let taken = await expectAPIError { _ = try await second.create(.services, namespace: "default", object: self.nodePortService("dup", [(80, 31000)])) }
        #expect(taken?.code == 422)
    }
}
