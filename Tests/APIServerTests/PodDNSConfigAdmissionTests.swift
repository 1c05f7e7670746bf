import APIServer
import Kernel
import Testing

/// `dnsPolicy: None` needs a `dnsConfig`; the dnsConfig is held to Kubernetes' limits.
@Suite("Pod admission: dnsConfig")
struct PodDNSConfigAdmissionTests {
    @Test("dnsPolicy None without dnsConfig or nameservers is 422 Invalid")
    func noneNeedsConfig() async throws {
        try await withAPI { api in
            var bare = pod("bare")
            bare[path: "spec", "dnsPolicy"] = "None"
            let missing = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: bare) }
            #expect(missing?.code == 422)
            #expect(missing?.causes.map(\.field) == ["spec.dnsConfig"])
            #expect(missing?.causes.first?.message == "Required value: must provide `dnsConfig` when `dnsPolicy` is None")

            bare[path: "spec", "dnsConfig"] = ["searches": ["a.example"]]
            let noServer = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: bare) }
            #expect(noServer?.causes.map(\.field) == ["spec.dnsConfig.nameservers"])

            bare[path: "spec", "dnsConfig"] = ["nameservers": ["127.0.0.53"], "options": [["name": "ndots", "value": "2"]]]
            let created = try await api.create(.pods, namespace: "default", object: bare)
            #expect(created[path: "spec", "dnsConfig", "nameservers"] == ["127.0.0.53"])
        }
    }

    @Test("too many nameservers, bad addresses, bad search domains and nameless options are refused")
    func limits() async throws {
        try await withAPI { api in
            var input = pod("limits")
            input[path: "spec", "dnsConfig"] = [
                "nameservers": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "not-an-ip"],
                "searches": ["Bad_Domain", "ok.example."],
                "options": [["value": "2"]],
            ]
            let error = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: input) }
            #expect(error?.code == 422)
            #expect(error?.causes.map(\.field) == [
                "spec.dnsConfig.nameservers", "spec.dnsConfig.nameservers[3]", "spec.dnsConfig.searches[0]", "spec.dnsConfig.options[0]",
            ])
            input[path: "spec", "dnsConfig"] = ["searches": .array((1...33).map { .string("d\($0).example") })]
            let many = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: input) }
            #expect(many?.causes.first?.message.hasSuffix("must not have more than 32 search paths") == true)
        }
    }
}
