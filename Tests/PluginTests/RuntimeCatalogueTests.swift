import Foundation
import Kernel
import PluginABI
import Testing

/// The fakes' shared catalogue behaviour: what an image runs when the pod gives no command.
@Suite("fake runtimes: image catalogue")
struct RuntimeCatalogueTests {
    @Test(arguments: RuntimesUnderTest.fakes)
    func imageDefaultsDecideWhatRuns(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        // A server runs until stopped and exits 0 on a graceful stop.
        let nginx = try await harness.createContainer(in: sandbox, "nginx", image: "nginx")
        // A shell without a terminal ends at once.
        let busybox = try await harness.createContainer(in: sandbox, "shell")
        // postgres refuses to start without a password, and starts with one.
        let refused = try await harness.createContainer(in: sandbox, "db", image: "postgres:16")
        let postgres = try await harness.createContainer(in: sandbox, "db2", image: "postgres:16", envs: [("POSTGRES_PASSWORD", "s3cret")])
        // args alone replace CMD and keep the ENTRYPOINT wrapper, which runs them.
        let wrapped = try await harness.createContainer(in: sandbox, "wrapped", image: "redis", args: ["sh", "-c", "exit 5"])
        for id in [nginx, busybox, refused, postgres, wrapped] { try await harness.start(id) }

        #expect(try await harness.waitFor(busybox, state: "CONTAINER_EXITED")["exitCode"] == 0)
        #expect(try await harness.waitFor(refused, state: "CONTAINER_EXITED")["exitCode"] == 1)
        #expect(try await harness.waitFor(wrapped, state: "CONTAINER_EXITED")["exitCode"] == 5)
        #expect(try await harness.state(nginx) == "CONTAINER_RUNNING")
        #expect(try await harness.state(postgres) == "CONTAINER_RUNNING")
        try await harness.stop(nginx, timeout: 30)
        let stopped = try await harness.status(nginx)
        #expect(stopped["exitCode"] == 0)
        #expect(stopped["reason"] == "Completed")
    }
}
