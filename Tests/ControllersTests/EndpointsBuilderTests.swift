import Controllers
import Kernel
import Testing

@Suite("Endpoints subsets")
struct EndpointsBuilderTests {
    func pod(_ name: String, ip: String?, ready: Bool, phase: String = "Running", ports: [(String, Int64, String)] = []) -> JSONValue {
        var pod: JSONValue = [
            "metadata": ["name": .string(name), "namespace": "default", "uid": .string("uid-\(name)")],
            "spec": ["nodeName": "node-1", "containers": [[
                "name": "c", "image": "x",
                "ports": .array(ports.map { ["name": .string($0.0), "containerPort": .int($0.1), "protocol": .string($0.2)] }),
            ]]],
            "status": ["phase": .string(phase), "conditions": [["type": "Ready", "status": .string(ready ? "True" : "False")]]],
        ]
        if let ip { pod[path: "status", "podIP"] = .string(ip) }
        return pod
    }

    func service(ports: [JSONValue], publishNotReady: Bool = false) -> JSONValue {
        ["metadata": ["name": "svc", "namespace": "default"], "spec": ["ports": .array(ports), "publishNotReadyAddresses": .bool(publishNotReady)]]
    }

    @Test("pods without IP, terminal or being deleted are left out")
    func skipsIneligible() {
        var deleting = pod("d", ip: "127.0.0.4", ready: true)
        deleting[path: "metadata", "deletionTimestamp"] = "2024-01-01T00:00:00Z"
        let subsets = EndpointsBuilder.subsets(
            service: service(ports: [["port": 80]]),
            pods: [pod("a", ip: nil, ready: true), pod("b", ip: "127.0.0.2", ready: true, phase: "Succeeded"), pod("c", ip: "127.0.0.3", ready: true), deleting])
        #expect(subsets.count == 1)
        #expect(subsets[0]["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.0.0.3"])
        #expect(subsets[0]["ports"] == [["port": 80, "protocol": "TCP"]])
    }

    @Test("named target ports resolve per pod; pods with different ports get different subsets")
    func namedPorts() {
        let subsets = EndpointsBuilder.subsets(
            service: service(ports: [["name": "http", "port": 80, "targetPort": "web"]]),
            pods: [
                pod("a", ip: "127.0.0.10", ready: true, ports: [("web", 8080, "TCP")]),
                pod("b", ip: "127.0.0.9", ready: false, ports: [("web", 8080, "TCP")]),
                pod("c", ip: "127.0.0.11", ready: true, ports: [("web", 9090, "TCP")]),
                pod("d", ip: "127.0.0.12", ready: true, ports: [("web", 53, "UDP")]),
            ])
        #expect(subsets.count == 2)
        let byPort = Dictionary(uniqueKeysWithValues: subsets.map { ($0["ports"]?.arrayValue?.first?["port"]?.intValue ?? 0, $0) })
        #expect(byPort[8080]?["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.0.0.10"])
        #expect(byPort[8080]?["notReadyAddresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.0.0.9"])
        #expect(byPort[9090]?["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.0.0.11"])
    }

    @Test("publishNotReadyAddresses puts every pod in addresses; IPs sort numerically")
    func publishNotReady() {
        let subsets = EndpointsBuilder.subsets(
            service: service(ports: [["port": 80, "targetPort": 8080]], publishNotReady: true),
            pods: [pod("a", ip: "127.0.0.10", ready: false), pod("b", ip: "127.0.0.9", ready: true)])
        #expect(subsets.count == 1)
        #expect(subsets[0]["addresses"]?.arrayValue?.compactMap { $0["ip"]?.stringValue } == ["127.0.0.9", "127.0.0.10"])
        #expect(subsets[0]["notReadyAddresses"] == nil)
        #expect(subsets[0]["ports"] == [["port": 8080, "protocol": "TCP"]])
    }

    @Test("a headless Service without ports lists addresses only")
    func noPorts() {
        var headless = service(ports: [])
        headless[path: "spec", "clusterIP"] = "None"
        let subsets = EndpointsBuilder.subsets(service: headless, pods: [pod("a", ip: "127.0.0.10", ready: true)])
        #expect(subsets == [["addresses": [[
            "ip": "127.0.0.10", "nodeName": "node-1",
            "targetRef": ["kind": "Pod", "namespace": "default", "name": "a", "uid": "uid-a"],
        ]]]])
    }
}

/// Endpoints objects keep at most 1,000 addresses, ready ones first, as Kubernetes' controller.
@Suite struct EndpointsCapacityTests {
    static func addresses(_ prefix: String, _ count: Int) -> JSONValue {
        .array((0..<count).map { ["ip": .string("\(prefix).\($0 / 250).\($0 % 250)")] })
    }

    @Test func smallObjectsAreLeftAlone() {
        var subsets: [JSONValue] = [["addresses": Self.addresses("127.1", 600), "notReadyAddresses": Self.addresses("127.2", 400)]]
        let before = subsets
        #expect(!EndpointsCapacity.truncate(&subsets))
        #expect(subsets == before)
    }

    @Test func notReadyAddressesShareWhatReadyOnesLeave() {
        var subsets: [JSONValue] = [
            ["addresses": Self.addresses("127.1", 900), "notReadyAddresses": Self.addresses("127.2", 100)],
            ["notReadyAddresses": Self.addresses("127.3", 300), "ports": [["port": 81]]],
        ]
        #expect(EndpointsCapacity.truncate(&subsets))
        #expect(subsets[0]["addresses"]?.arrayValue?.count == 900)
        #expect(subsets[0]["notReadyAddresses"]?.arrayValue?.count == 25)
        #expect(subsets[1]["notReadyAddresses"]?.arrayValue?.count == 75)
    }

    @Test func tooManyReadyAddressesDropEveryNotReadyOne() {
        var subsets: [JSONValue] = [
            ["addresses": Self.addresses("127.1", 1_500), "notReadyAddresses": Self.addresses("127.2", 10)],
            ["addresses": Self.addresses("127.3", 500), "ports": [["port": 81]]],
        ]
        #expect(EndpointsCapacity.truncate(&subsets))
        #expect(subsets[0]["addresses"]?.arrayValue?.count == 750 && subsets[0]["notReadyAddresses"] == nil)
        #expect(subsets[1]["addresses"]?.arrayValue?.count == 250)
    }
}
