import APIServer
import Foundation
import Kernel
import Testing

@Suite("Kubelet graceful termination")
struct KubeletTerminationTests {
    @Test func aDeletedPodIsStoppedThenRemovedByTheKubelet() async throws {
        try await KubeletHarness.with { harness in
            try await harness.createPod("graceful")
            let running = try await harness.pod("graceful", reaches: "Running")
            let watch = try await harness.api.watch(.pods, namespace: "default", fromRevision: try #require(running.resourceVersion))

            let marked = try await harness.api.delete(.pods, namespace: "default", name: "graceful")
            // Bound to a node with the default grace period: marked, not removed.
            #expect(marked[path: "metadata", "deletionGracePeriodSeconds"]?.intValue == 30)
            #expect(marked[path: "metadata", "deletionTimestamp"]?.stringValue != nil)

            var sawTerminating = false
            for try await event in watch where event.object.name == "graceful" {
                if event.type == "MODIFIED", event.object[path: "metadata", "deletionTimestamp"]?.stringValue != nil { sawTerminating = true }
                guard event.type == "DELETED" else { continue }
                // By the time the kubelet removes the object, the sandbox and containers are gone.
                let sandboxes = try await harness.runtime.call(.listPodSandbox, [:])["items"]?.arrayValue ?? []
                let containers = try await harness.runtime.call(.listContainers, [:])["containers"]?.arrayValue ?? []
                #expect(sandboxes.isEmpty)
                #expect(containers.isEmpty)
                break
            }
            #expect(sawTerminating)
            let missing = await #expect(throws: APIError.self) { _ = try await harness.api.get(.pods, namespace: "default", name: "graceful") }
            #expect(missing?.code == 404)
            let killing = try await harness.events(about: "graceful").filter { $0["reason"] == "Killing" }
            #expect(killing.count == 1)
        }
    }

    @Test func aPreStopHookRunsBeforeTheContainerIsStopped() async throws {
        try await KubeletHarness.with { harness in
            var object = KubeletHarness.pod("hooked", node: harness.nodeName)
            object[path: "spec", "containers"] = [[
                "name": "main", "image": "nginx:1.27",
                "lifecycle": ["preStop": ["exec": ["command": ["sh", "-c", "echo draining; exit 3"]]]],
            ]]
            _ = try await harness.api.create(.pods, namespace: "default", object: object)
            _ = try await harness.pod("hooked", reaches: "Running")
            _ = try await harness.api.delete(.pods, namespace: "default", name: "hooked")
            try await harness.eventually("the pod removed") { () -> Bool? in
                do {
                    _ = try await harness.pod("hooked")
                    return nil
                } catch let error as APIError where error.code == 404 {
                    return true
                }
            }
            // The hook ran in the container: its exit status 3 is reported as a failed hook.
            let failed = try await harness.events(about: "hooked").filter { $0["reason"] == "FailedPreStopHook" }
            #expect(failed.count == 1)
            #expect(failed.first?["message"]?.stringValue?.contains("exited with 3") == true)
        }
    }
}
