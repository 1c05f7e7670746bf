import APIServer
import Kernel
import Testing

/// PriorityClasses and Kubernetes' Priority admission of pods.
@Suite("PriorityClass admission")
struct PriorityClassAdmissionTests {
    private func priorityClass(_ name: String, _ value: Int64, globalDefault: Bool = false, policy: String? = nil) -> JSONValue {
        var object: JSONValue = ["apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": ["name": .string(name)], "value": .int(value)]
        if globalDefault { object["globalDefault"] = true }
        if let policy { object["preemptionPolicy"] = .string(policy) }
        return object
    }

    @Test("the system classes exist; a pod gets its class's priority and policy, or 0 and PreemptLowerPriority")
    func podPriority() async throws {
        try await withAPI { api in
            let system = try await api.get(.priorityClasses, namespace: "", name: "system-node-critical")
            #expect(system["value"] == 2_000_001_000)
            _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("high", 1000, policy: "Never"))

            var critical = pod("critical")
            critical[path: "spec", "priorityClassName"] = "system-cluster-critical"
            let admitted = try await api.create(.pods, namespace: "kube-system", object: critical)
            #expect(admitted[path: "spec", "priority"] == 2_000_000_000)
            #expect(admitted[path: "spec", "preemptionPolicy"] == "PreemptLowerPriority")

            var high = pod("high")
            high[path: "spec", "priorityClassName"] = "high"
            let highAdmitted = try await api.create(.pods, namespace: "default", object: high)
            #expect(highAdmitted[path: "spec", "priority"] == 1000)
            #expect(highAdmitted[path: "spec", "preemptionPolicy"] == "Never")

            let plain = try await api.create(.pods, namespace: "default", object: pod("plain"))
            #expect(plain[path: "spec", "priority"] == 0)
            #expect(plain[path: "spec", "priorityClassName"] == nil)
        }
    }

    @Test("unknown classes and contradicting priorities are forbidden; the global default applies")
    func refusals() async throws {
        try await withAPI { api in
            var unknown = pod("a")
            unknown[path: "spec", "priorityClassName"] = "nope"
            let missing = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: unknown) }
            #expect(missing?.code == 403)
            #expect(missing?.message == "pods \"a\" is forbidden: no PriorityClass with name nope was found")

            _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("batch", 10, globalDefault: true))
            var contradicting = pod("b")
            contradicting[path: "spec", "priority"] = 5
            let wrong = await expectAPIError { _ = try await api.create(.pods, namespace: "default", object: contradicting) }
            #expect(wrong?.code == 403)
            #expect(wrong?.message.contains("must not be provided in pod spec; priority admission controller computed 10") == true)

            let defaulted = try await api.create(.pods, namespace: "default", object: pod("c"))
            #expect(defaulted[path: "spec", "priority"] == 10)
            #expect(defaulted[path: "spec", "priorityClassName"] == "batch")

            let second = await expectAPIError {
                _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("other", 20, globalDefault: true))
            }
            #expect(second?.code == 403)
            #expect(second?.message.contains("PriorityClass batch is already marked as default") == true)
        }
    }

    @Test("values above one billion, the system- prefix, changed values and deleting system classes are refused")
    func classValidation() async throws {
        try await withAPI { api in
            let tooHigh = await expectAPIError {
                _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("huge", 2_000_000_000))
            }
            #expect(tooHigh?.code == 422)
            #expect(tooHigh?.message.contains("value: Forbidden: maximum allowed value of a user defined priority is 1000000000") == true)
            let reserved = await expectAPIError {
                _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("system-mine", 5))
            }
            #expect(reserved?.code == 403)
            let badPolicy = await expectAPIError {
                _ = try await api.create(.priorityClasses, namespace: "", object: priorityClass("p", 5, policy: "Sometimes"))
            }
            #expect(badPolicy?.code == 422)

            var created = try await api.create(.priorityClasses, namespace: "", object: priorityClass("mid", 50))
            #expect(created["preemptionPolicy"] == "PreemptLowerPriority")
            created["value"] = 60
            let changed = await expectAPIError { _ = try await api.update(.priorityClasses, namespace: "", object: created) }
            #expect(changed?.code == 422)
            #expect(changed?.message.contains("value: Forbidden: may not be changed in an update.") == true)

            let deleting = await expectAPIError { _ = try await api.delete(.priorityClasses, namespace: "", name: "system-node-critical") }
            #expect(deleting?.code == 403)
        }
    }
}
