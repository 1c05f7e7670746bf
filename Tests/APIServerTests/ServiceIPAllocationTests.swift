import APIServer
import Kernel
import Testing

@Suite("Service cluster IPs")
struct ServiceIPAllocationTests {
    @Test("allocated IPs are distinct, in the service CIDR, and skip network, first and broadcast")
    func distinctInRange() async throws {
        try await withAPI(serviceCIDR: "127.96.0.0/24") { api in
            var seen: Set<String> = []
            for index in 0..<40 {
                let created = try await api.create(.services, namespace: "default", object: service("svc-\(index)"))
                let ip = try #require(created[path: "spec", "clusterIP"]?.stringValue)
                #expect(ip.hasPrefix("127.96.0."))
                let last = Int(ip.split(separator: ".").last ?? "") ?? -1
                #expect((2...254).contains(last))
                #expect(created[path: "spec", "clusterIPs"] == [.string(ip)])
                #expect(created[path: "spec", "type"] == "ClusterIP")
                #expect(created[path: "spec", "ports"]?.arrayValue?.first?["targetPort"] == 80)
                #expect(created[path: "spec", "ports"]?.arrayValue?.first?["protocol"] == "TCP")
                seen.insert(ip)
            }
            #expect(seen.count == 40)
        }
    }

    @Test("headless stays None, explicit IPs are claimed once, updates keep the IP")
    func explicitAndHeadless() async throws {
        try await withAPI { api in
            let headless = try await api.create(.services, namespace: "default", object: service("headless", clusterIP: "None"))
            #expect(headless[path: "spec", "clusterIP"] == "None")

            let fixed = try await api.create(.services, namespace: "default", object: service("fixed", clusterIP: "127.96.3.3"))
            #expect(fixed[path: "spec", "clusterIP"] == "127.96.3.3")
            let taken = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("dup", clusterIP: "127.96.3.3")) }
            #expect(taken?.code == 422)
            #expect(taken?.causes.first?.message.hasSuffix("provided IP is already allocated") == true)
            let outside = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("far", clusterIP: "10.0.0.1")) }
            #expect(outside?.code == 422)

            var relabelled = fixed
            relabelled[path: "spec", "clusterIP"] = nil
            relabelled[path: "spec", "clusterIPs"] = nil
            relabelled.labels = ["x": "y"]
            let updated = try await api.update(.services, namespace: "default", object: relabelled)
            #expect(updated[path: "spec", "clusterIP"] == "127.96.3.3")
            var moved = updated
            moved[path: "spec", "clusterIP"] = "127.96.3.4"
            let immutable = await expectAPIError { _ = try await api.update(.services, namespace: "default", object: moved) }
            #expect(immutable?.code == 422)

            _ = try await api.delete(.services, namespace: "default", name: "fixed")
            let reclaimed = try await api.create(.services, namespace: "default", object: service("reclaim", clusterIP: "127.96.3.3"))
            #expect(reclaimed[path: "spec", "clusterIP"] == "127.96.3.3")
        }
    }

    @Test("a full range is a 500, and a failed create frees its IP")
    func exhaustion() async throws {
        try await withAPI(serviceCIDR: "127.96.0.0/29") { api in
            for index in 0..<5 {
                _ = try await api.create(.services, namespace: "default", object: service("s\(index)"))
            }
            let full = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("s5")) }
            #expect(full?.code == 500)
            _ = try await api.delete(.services, namespace: "default", name: "s2")
            let duplicate = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("s0")) }
            #expect(duplicate?.reason == "AlreadyExists")
            _ = try await api.create(.services, namespace: "default", object: service("s6"))
        }
    }

    @Test("allocations survive a restart over the same SQLite store")
    func restart() async throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = directory.path("store.db")
        var before: Set<String> = []
        do {
            let store = try Store(backend: try SQLiteBackend(path: path))
            let api = try ClusterAPI(store: store, serviceCIDR: "127.96.0.0/28")
            try api.bootstrap()
            for index in 0..<6 {
                let created = try await api.create(.services, namespace: "default", object: service("svc-\(index)"))
                before.insert(try #require(created[path: "spec", "clusterIP"]?.stringValue))
            }
            _ = try await api.delete(.services, namespace: "default", name: "svc-0")
            store.close()
        }
        let store = try Store(backend: try SQLiteBackend(path: path))
        defer { store.close() }
        let api = try ClusterAPI(store: store, serviceCIDR: "127.96.0.0/28")
        let kept = try await api.list(.services, namespace: nil, labelSelector: [:]).items
        let keptIPs = Set(kept.compactMap { $0[path: "spec", "clusterIP"]?.stringValue })
        #expect(keptIPs.count == 5 && keptIPs.isSubset(of: before))
        // A /28 has 13 dynamic addresses: 5 are held, so 8 new services fit and all differ.
        var fresh: Set<String> = []
        for index in 0..<8 {
            let created = try await api.create(.services, namespace: "default", object: service("new-\(index)"))
            let ip = try #require(created[path: "spec", "clusterIP"]?.stringValue)
            #expect(!keptIPs.contains(ip))
            fresh.insert(ip)
        }
        #expect(fresh.count == 8)
        let taken = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("one-too-many")) }
        #expect(taken?.code == 500)
    }

    @Test("concurrent creates get distinct addresses")
    func concurrentCreates() async throws {
        try await withAPI(serviceCIDR: "127.96.0.0/26") { api in
            let addresses = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<61 {
                    group.addTask {
                        let created = try await api.create(.services, namespace: "default", object: service("svc-\(index)"))
                        return created[path: "spec", "clusterIP"]?.stringValue ?? ""
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(Set(addresses).count == 61)
            let full = await expectAPIError { _ = try await api.create(.services, namespace: "default", object: service("one-more")) }
            #expect(full?.code == 500)
        }
    }
}

/// Dynamic cluster IPs leave the static band at the bottom of the range alone while they can.
@Suite("Service cluster IPs: static band")
struct ServiceIPStaticBandTests {
    @Test("a /24 hands out .17 and up first, then the band, keeping .10 free for the cluster DNS until then")
    func upperRangeFirst() async throws {
        try await withAPI(serviceCIDR: "127.96.0.0/24") { api in
            let first = try await api.create(.services, namespace: "default", object: service("first"))
            #expect(first[path: "spec", "clusterIP"] == "127.96.0.17")
            for index in 0..<237 { _ = try await api.create(.services, namespace: "default", object: service("fill-\(index)")) }
            let dns = try await api.create(.services, namespace: "default", object: service("dns", clusterIP: "127.96.0.10"))
            #expect(dns[path: "spec", "clusterIP"] == "127.96.0.10")
            let inBand = try await api.create(.services, namespace: "default", object: service("in-band"))
            #expect(inBand[path: "spec", "clusterIP"] == "127.96.0.2")
        }
    }
}
