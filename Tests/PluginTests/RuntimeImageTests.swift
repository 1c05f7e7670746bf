import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, image management: pull, status (a missing image is empty, not an error),
/// list, removal (idempotent), and, on the fakes' catalogue, tags of one image, removal of all
/// tags, unknown repositories and registries, pull latency and filesystem info.
@Suite("CRI conformance: image management")
struct RuntimeImageTests {
    @Test(arguments: RuntimesUnderTest.all)
    func pullThenStatusListAndRemove(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let ref = try await harness.client.pullImage("busybox")
        #expect(!ref.isEmpty)
        let image = try #require(try await harness.call(.imageStatus, ["image": ["image": "busybox"]])["image"])
        #expect(image["id"] == .string(ref))
        #expect(image["repoTags"]?.arrayValue?.isEmpty == false)
        // Pulling what is present succeeds and keeps one image.
        #expect(try await harness.client.pullImage("busybox") == ref)
        let listed = try await harness.call(.listImages)["images"]?.arrayValue ?? []
        #expect(listed.filter { $0["id"] == .string(ref) }.count == 1)
        _ = try await harness.call(.removeImage, ["image": ["image": .string(ref)]])
        #expect(try await harness.call(.imageStatus, ["image": ["image": "busybox"]])["image"] == nil)
        // Removing what is not there succeeds.
        _ = try await harness.call(.removeImage, ["image": ["image": "busybox"]])
    }

    @Test(arguments: RuntimesUnderTest.all)
    func missingImageStatusIsEmpty(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let response = try await harness.call(.imageStatus, ["image": ["image": "redis:7"]])
        #expect(response["image"] == nil)
    }

    @Test(arguments: RuntimesUnderTest.all)
    func filesystemInfo(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        _ = try await harness.client.pullImage("busybox")
        let info = try await harness.call(.imageFsInfo)
        let usage = try #require(info["imageFilesystems"]?.arrayValue?.first)
        #expect(usage[path: "fsId", "mountpoint"]?.stringValue?.isEmpty == false)
        #expect(int64(usage["timestamp"]) > 0)
    }

    // The fakes' catalogue.

    @Test(arguments: RuntimesUnderTest.fakes)
    func latestAndVersionTagsNameOneImage(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let ref = try await harness.client.pullImage("nginx")
        #expect(ref.hasPrefix("sha256:") && ref.count == 71)
        var image = try #require(try await harness.call(.imageStatus, ["image": ["image": "nginx"]])["image"])
        #expect(image["repoTags"] == [.string(FlavorExpectations.shown("docker.io/library/nginx:latest", by: runtime))])
        #expect(int64(image["size"]) > 0)
        // latest is the newest catalogue version: pulling that version names the same image.
        #expect(try await harness.client.pullImage("docker.io/library/nginx:1.27.3") == ref)
        image = try #require(try await harness.call(.imageStatus, ["image": ["image": .string(ref)]])["image"])
        let tags = ["docker.io/library/nginx:latest", "docker.io/library/nginx:1.27.3"].map { JSONValue.string(FlavorExpectations.shown($0, by: runtime)) }
        #expect(Set(image["repoTags"]?.arrayValue ?? []) == Set(tags))
        // Another tag is another image; any tag pulls.
        #expect(try await harness.client.pullImage("index.docker.io/library/nginx:1.19-custom") != ref)
        // Pulling by the repo digest finds the same image.
        let digest = try #require(image["repoDigests"]?.arrayValue?.first?.stringValue)
        #expect(digest.contains("nginx@sha256:"))
        #expect(try await harness.client.pullImage(digest) == ref)
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func removingOneTagRemovesTheImage(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        _ = try await harness.client.pullImage("busybox")
        _ = try await harness.client.pullImage("busybox:1.37.0")
        _ = try await harness.client.pullImage("alpine")
        _ = try await harness.call(.removeImage, ["image": ["image": "busybox:1.37.0"]])
        #expect(try await harness.call(.imageStatus, ["image": ["image": "busybox"]])["image"] == nil)
        let tags = (try await harness.call(.listImages)["images"]?.arrayValue ?? []).flatMap { $0["repoTags"]?.arrayValue ?? [] }
        #expect(tags == [.string(FlavorExpectations.shown("docker.io/library/alpine:latest", by: runtime))])
        _ = try await harness.call(.removeImage, ["image": ["image": "busybox"]])
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func listFiltersByReference(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        _ = try await harness.client.pullImage("python:3.12")
        _ = try await harness.client.pullImage("redis")
        let images = try await harness.call(.listImages, ["filter": ["image": ["image": "python:3.12"]]])["images"]?.arrayValue ?? []
        #expect(images.count == 1)
        #expect(images.first?["repoTags"] == [.string(FlavorExpectations.shown("docker.io/library/python:3.12", by: runtime))])
        #expect(try await harness.call(.listImages)["images"]?.arrayValue?.count == 2)
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func unknownRepositoriesAndRegistriesFail(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        #expect(await pluginStatus { _ = try await harness.client.pullImage("no-such-image") } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await harness.client.pullImage("bitnami/redis") } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await harness.client.pullImage("quay.io/team/app:v1") } == Int32(KEELSON_ERR_UNAVAILABLE))
        #expect(await pluginStatus { _ = try await harness.client.pullImage("Nginx") } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        #expect(await pluginStatus { _ = try await harness.client.pullImage("nginx:bad tag") } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func allowedRegistriesPullAtAnyTag(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime, ["allowedRegistries": ["quay.io", "docker.io/bitnami"]])
        defer { harness.close() }
        _ = try await harness.client.pullImage("quay.io/team/app:v1")
        _ = try await harness.client.pullImage("bitnami/redis:7.2")
        #expect(await pluginStatus { _ = try await harness.client.pullImage("ghcr.io/team/app") } == Int32(KEELSON_ERR_UNAVAILABLE))
        let status = try await harness.call(.imageStatus, ["image": ["image": "docker.io/bitnami/redis:7.2"]])
        #expect(status[path: "image", "repoTags"] == [.string(FlavorExpectations.shown("docker.io/bitnami/redis:7.2", by: runtime))])
        let quay = try await harness.call(.imageStatus, ["image": ["image": "quay.io/team/app:v1"]])
        #expect(quay[path: "image", "repoTags"] == ["quay.io/team/app:v1"])
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func pullDelayAndFilesystemInfo(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime, ["pullDelayMs": 200])
        defer { harness.close() }
        let started = Date()
        _ = try await harness.client.pullImage("alpine:3.20")
        #expect(Date().timeIntervalSince(started) >= 0.2)
        _ = try await harness.client.pullImage("alpine:3.20")
        let images = try await harness.call(.listImages)
        let tag = JSONValue.string(FlavorExpectations.shown("docker.io/library/alpine:3.20", by: runtime))
        #expect(images["images"]?.arrayValue?.filter { $0["repoTags"] == [tag] }.count == 1)
        let info = try await harness.call(.imageFsInfo)
        let usage = try #require(info["imageFilesystems"]?.arrayValue?.first)
        #expect(int64(usage[path: "usedBytes", "value"]) > 0)
        #expect(usage[path: "fsId", "mountpoint"] == .string(FlavorExpectations.imageFsMountpoint(runtime)))
    }

    @Test(arguments: RuntimesUnderTest.fakes)
    func createNeedsAPulledImage(runtime: String) async throws {
        let harness = try await RuntimeHarness.make(runtime)
        defer { harness.close() }
        let sandbox = try await harness.runSandbox()
        let config = RuntimeHarness.containerConfig("app", image: "nginx:1.27")
        #expect(await pluginStatus {
            _ = try await harness.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
        } == Int32(KEELSON_ERR_NOT_FOUND))
        _ = try await harness.client.pullImage("nginx:1.27")
        _ = try await harness.client.createContainer(sandboxID: sandbox.0, config: config, sandboxConfig: sandbox.1)
    }
}
