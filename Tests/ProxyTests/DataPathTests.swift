import Foundation
import Kernel
import NIOCore
@testable import Proxy
import Testing

/// The loopback data path against real TCP and UDP servers: forwarding, balancing, affinity,
/// readiness, updates and listeners.
@Suite struct DataPathTests {
    /// A one-port table for a Service at `ip:port`.
    static func table(_ ip: String, port: Int = 8080, proto: ServiceProtocol = .tcp, nodePort: Int? = nil,
                      sticky: Int? = nil, endpoints: [ProxyEndpoint]) -> ProxyTable {
        ProxyTable(ports: [ServicePort(namespace: "default", serviceName: "web", portName: "http", proto: proto, port: port,
                                       clusterIPs: [ip], nodePort: nodePort, stickySeconds: sticky, endpoints: endpoints)])
    }

    /// Runs `body` with a fresh data path, shut down afterwards.
    static func withDataPath(_ options: DataPathOptions = DataPathOptions(), _ body: (ServiceDataPath) async throws -> Void) async throws {
        let dataPath = ServiceDataPath(options: options)
        do {
            try await body(dataPath)
        } catch {
            await dataPath.shutdown()
            throw error
        }
        await dataPath.shutdown()
    }

    @Test func forwardsALargeTCPPayloadBothWaysAndHalfCloses() async throws {
        let server = try await TestServers.tcp(name: "a")
        defer { server.close(promise: nil) }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: [TestServers.endpoint(server)]))
            #expect(await dataPath.activeListeners == [ListenerAddress(ip: ip, port: 8080, proto: .tcp)])
            let payload = (0 ..< 8 << 20).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
            let echoed = try await Blocking.run {
                let socket = try TestSocket.connect(ip, 8080)
                guard try socket.readLine() == "a" else { throw TestSocket.Failure(description: "wrong greeting") }
                let writer = Thread {
                    try? socket.send(payload)
                    socket.shutdownWrite()
                }
                writer.start()
                let back = try socket.read(exactly: payload.count)
                let end = try socket.receive()
                return (back, end.isEmpty)
            }
            #expect(echoed.0 == payload)
            #expect(echoed.1, "the proxy passes the server's end of stream after the client's half-close")
        }
    }

    @Test func relaysUDPFromTheServiceAddress() async throws {
        let server = try await TestServers.udp(name: "u")
        defer { server.close(promise: nil) }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, port: 5353, proto: .udp, endpoints: [TestServers.endpoint(server)]))
            #expect(await dataPath.activeListeners == [ListenerAddress(ip: ip, port: 5353, proto: .udp)])
            let replies = try await Blocking.run {
                let socket = try TestSocket.udp()
                return try (1...3).map { index -> (String, String) in
                    try socket.send(Array("ping\(index)".utf8), to: ip, 5353)
                    let reply = try socket.receiveDatagram()
                    return (String(decoding: reply.bytes, as: UTF8.self), reply.from)
                }
            }
            #expect(replies.map(\.0) == ["u:ping1", "u:ping2", "u:ping3"])
            #expect(replies.allSatisfy { $0.1 == "\(ip):5353" })
        }
    }

    @Test func randomReachesEveryEndpoint() async throws {
        let servers = try await ["a", "b", "c"].asyncMap { try await TestServers.tcp(name: $0) }
        defer { servers.forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: servers.map { TestServers.endpoint($0) }))
            var seen: Set<String> = []
            for _ in 0 ..< 60 { seen.insert(try await greeting(ip, 8080)) }
            #expect(seen == ["a", "b", "c"])
        }
    }

    @Test func roundRobinAlternatesExactly() async throws {
        let servers = try await ["a", "b", "c"].asyncMap { try await TestServers.tcp(name: $0) }
        defer { servers.forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath(DataPathOptions(scheduler: .roundRobin)) { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: servers.map { TestServers.endpoint($0) }))
            var order: [String] = []
            for _ in 0 ..< 9 { order.append(try await greeting(ip, 8080)) }
            #expect(Set(order.prefix(3)) == ["a", "b", "c"])
            #expect(Array(order[3 ..< 6]) == Array(order[0 ..< 3]))
            #expect(Array(order[6 ..< 9]) == Array(order[0 ..< 3]))
        }
    }

    @Test func clientIPAffinitySticksExpiresAndFollowsEndpointRemoval() async throws {
        let servers = try await ["a", "b"].asyncMap { try await TestServers.tcp(name: $0) }
        defer { servers.forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        let endpoints = servers.map { TestServers.endpoint($0) }
        try await Self.withDataPath(DataPathOptions(scheduler: .roundRobin)) { (dataPath: ServiceDataPath) async throws in
            // A long timeout first, so a slow machine cannot expire the record between connections.
            await dataPath.apply(Self.table(ip, sticky: 3_600, endpoints: endpoints))
            let first = try await greeting(ip, 8080)
            for _ in 0 ..< 10 { #expect(try await greeting(ip, 8080) == first, "round-robin would alternate without affinity") }
            // With a one-second timeout, after more than that without a connection the record
            // expires and round-robin moves on.
            await dataPath.apply(Self.table(ip, sticky: 1, endpoints: endpoints))
            var after = first
            for _ in 0 ..< 10 where after == first {
                try await Task.sleep(for: .milliseconds(1_500))
                after = try await greeting(ip, 8080)
            }
            #expect(after != first)
            // The sticky endpoint leaving drops the record: the client moves to the one left.
            await dataPath.apply(Self.table(ip, sticky: 3_600, endpoints: endpoints))
            let sticky = try await greeting(ip, 8080)
            let remaining = endpoints.filter { $0.port != servers[sticky == "a" ? 0 : 1].localAddress!.port! }
            await dataPath.apply(Self.table(ip, sticky: 3_600, endpoints: remaining))
            #expect(try await greeting(ip, 8080) != sticky)
        }
    }

    @Test func aRefusingEndpointIsSkippedForTheNextOne() async throws {
        let live = try await TestServers.tcp(name: "live")
        let gone = try await TestServers.tcp(name: "gone")
        let goneEndpoint = TestServers.endpoint(gone)
        try await gone.close()
        defer { live.close(promise: nil) }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath(DataPathOptions(scheduler: .roundRobin)) { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: [goneEndpoint, TestServers.endpoint(live)]))
            for _ in 0 ..< 6 { #expect(try await greeting(ip, 8080) == "live") }
            // With only the refusing endpoint left, the client is closed.
            await dataPath.apply(Self.table(ip, endpoints: [goneEndpoint]))
            await #expect(throws: (any Error).self) { try await greeting(ip, 8080) }
        }
    }

    @Test func unreadyEndpointsGetNoTraffic() async throws {
        let ready = try await TestServers.tcp(name: "ready")
        let unready = try await TestServers.tcp(name: "unready")
        defer { [ready, unready].forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: [TestServers.endpoint(ready), TestServers.endpoint(unready, ready: false)]))
            for _ in 0 ..< 30 { #expect(try await greeting(ip, 8080) == "ready") }
        }
    }

    @Test func updatesKeepEstablishedConnections() async throws {
        let old = try await TestServers.tcp(name: "old")
        let new = try await TestServers.tcp(name: "new")
        defer { [old, new].forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: [TestServers.endpoint(old)]))
            let socket = try await Blocking.run { try TestSocket.connect(ip, 8080) }
            #expect(try await Blocking.run { try socket.readLine() } == "old")
            await dataPath.apply(Self.table(ip, endpoints: [TestServers.endpoint(new)]))
            #expect(await dataPath.endpoints(of: "default/web:http") == [TestServers.endpoint(new).hostPort])
            #expect(try await greeting(ip, 8080) == "new")
            let echoed = try await Blocking.run {
                try socket.send(Array("still here".utf8))
                return String(decoding: try socket.read(exactly: 10), as: UTF8.self)
            }
            #expect(echoed == "still here")
            // Even the Service port vanishing closes only the listener, not the connection.
            await dataPath.apply(ProxyTable(ports: []))
            #expect(await dataPath.activeListeners.isEmpty)
            let after = try await Blocking.run {
                try socket.send(Array("after removal".utf8))
                return String(decoding: try socket.read(exactly: 13), as: UTF8.self)
            }
            #expect(after == "after removal")
        }
    }

    @Test func noEndpointsClosesTheConnection() async throws {
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, endpoints: []))
            #expect(await dataPath.activeListeners == [ListenerAddress(ip: ip, port: 8080, proto: .tcp)])
            let ended = try await Blocking.run { () -> Bool in
                let socket = try TestSocket.connect(ip, 8080)
                do { return try socket.receive().isEmpty } catch { return true }
            }
            #expect(ended)
        }
    }

    @Test func listenersFollowTheTableIncludingNodePorts() async throws {
        let server = try await TestServers.tcp(name: "a")
        defer { server.close(promise: nil) }
        let ip = TestServers.serviceIP()
        let nodeIP = TestServers.serviceIP()
        try await Self.withDataPath(DataPathOptions(nodeIP: nodeIP)) { (dataPath: ServiceDataPath) async throws in
            var port = ServicePort(namespace: "default", serviceName: "web", port: 8080, clusterIPs: [ip, "10.0.0.1"], nodePort: 31000,
                                   externalIPs: ["192.0.2.1"], endpoints: [TestServers.endpoint(server)])
            await dataPath.apply(ProxyTable(ports: [port]))
            #expect(await dataPath.activeListeners == [ListenerAddress(ip: ip, port: 8080, proto: .tcp),
                                                       ListenerAddress(ip: nodeIP, port: 31000, proto: .tcp)].sorted())
            #expect(try await greeting(nodeIP, 31000) == "a")
            port.nodePort = nil
            await dataPath.apply(ProxyTable(ports: [port]))
            #expect(await dataPath.activeListeners == [ListenerAddress(ip: ip, port: 8080, proto: .tcp)])
            await #expect(throws: (any Error).self) { try await greeting(nodeIP, 31000) }
            await dataPath.apply(ProxyTable(ports: []))
            #expect(await dataPath.activeListeners.isEmpty)
        }
    }

    @Test func bindsAPrivilegedPortOrReportsTheFailure() async throws {
        let server = try await TestServers.tcp(name: "a")
        defer { server.close(promise: nil) }
        let ip = TestServers.serviceIP()
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(Self.table(ip, port: 80, endpoints: [TestServers.endpoint(server)]))
            let address = ListenerAddress(ip: ip, port: 80, proto: .tcp)
            if getuid() == 0 {
                #expect(await dataPath.activeListeners == [address])
                #expect(try await greeting(ip, 80) == "a")
            } else {
                #expect(await dataPath.activeListeners.isEmpty)
                #expect(await dataPath.failedListeners[address] != nil)
            }
        }
    }

    @Test func anAddressInUseIsReportedAndRetriedOnTheNextSync() async throws {
        let server = try await TestServers.tcp(name: "a")
        let blocker = try await TestServers.tcp(name: "blocker", ip: TestServers.serviceIP())
        defer { server.close(promise: nil) }
        let ip = blocker.localAddress!.ipAddress!
        let port = blocker.localAddress!.port!
        try await Self.withDataPath { (dataPath: ServiceDataPath) async throws in
            let table = Self.table(ip, port: port, endpoints: [TestServers.endpoint(server)])
            await dataPath.apply(table)
            let address = ListenerAddress(ip: ip, port: port, proto: .tcp)
            #expect(await dataPath.failedListeners[address] != nil)
            #expect(await dataPath.activeListeners.isEmpty)
            try await blocker.close()
            await dataPath.apply(table)
            #expect(await dataPath.activeListeners == [address])
            #expect(await dataPath.failedListeners.isEmpty)
        }
    }

    @Test func onlyLoopbackAddressesAreListenedOn() {
        #expect(ListenerAddress.isLoopback("127.96.0.10"))
        #expect(ListenerAddress.isLoopback("::1"))
        #expect(!ListenerAddress.isLoopback("10.96.0.1"))
        #expect(!ListenerAddress.isLoopback("::2"))
        #expect(!ListenerAddress.isLoopback("not an address"))
    }
}

extension Array {
    /// Maps with an async transform, in order.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

/// UDP flows: idle flows end, and a flow whose endpoint left moves on.
@Suite struct UDPFlowTests {
    /// Sends `text` from `socket` to the service and returns the reply.
    static func ask(_ socket: TestSocket, _ ip: String, _ text: String) throws -> String {
        try socket.send(Array(text.utf8), to: ip, 5353)
        return String(decoding: try socket.receiveDatagram().bytes, as: UTF8.self)
    }

    @Test func idleFlowsEndAndRemovedEndpointsMoveTheFlow() async throws {
        let servers = try await ["a", "b"].asyncMap { try await TestServers.udp(name: $0) }
        defer { servers.forEach { $0.close(promise: nil) } }
        let ip = TestServers.serviceIP()
        let endpoints = servers.map { TestServers.endpoint($0) }
        try await DataPathTests.withDataPath(DataPathOptions(scheduler: .roundRobin, udpIdleTimeout: .seconds(1))) {
            (dataPath: ServiceDataPath) async throws in
            await dataPath.apply(DataPathTests.table(ip, port: 5353, proto: .udp, endpoints: endpoints))
            let socket = try await Blocking.run { try TestSocket.udp() }
            // One flow keeps its endpoint while traffic flows (round-robin would alternate).
            let first = try await Blocking.run { try (0 ..< 5).map { try Self.ask(socket, ip, "q\($0)") } }
            #expect(Set(first.map { $0.prefix(1) }).count == 1)
            // After the idle timeout the flow is gone; the next datagram starts a new flow on the
            // other endpoint.
            var later = first[0]
            for _ in 0 ..< 20 where later.prefix(1) == first[0].prefix(1) {
                try await Task.sleep(for: .milliseconds(1_500))
                later = try await Blocking.run { try Self.ask(socket, ip, "again") }
            }
            #expect(later.prefix(1) != first[0].prefix(1))
            // Removing the flow's endpoint moves the client to the remaining one at once.
            let current = String(later.prefix(1))
            await dataPath.apply(DataPathTests.table(ip, port: 5353, proto: .udp,
                                                     endpoints: zip(["a", "b"], endpoints).filter { $0.0 != current }.map(\.1)))
            #expect(try await Blocking.run { try Self.ask(socket, ip, "moved") }.prefix(1) != current)
        }
    }
}
