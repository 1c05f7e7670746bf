import Foundation
import Kernel
import PluginABI
import Testing

/// CRI conformance, image management: pull with reference normalisation, status of a missing
/// image (empty, not an error), removal of all tags of an image, list, filesystem info.
@Suite("containerd-like: image management")
struct RuntimeImageTests {
    @Test func pullNormalisesAndTagsOneImage() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let ref = try await runtime.client.pullImage("nginx")
        #expect(ref.hasPrefix("sha256:") && ref.count == 71)
        var image = try #require(try await runtime.call(.imageStatus, ["image": ["image": "nginx"]])["image"])
        #expect(image["id"] == .string(ref))
        #expect(image["repoTags"] == ["docker.io/library/nginx:latest"])
        #expect(image["repoDigests"]?.arrayValue?.first?.stringValue?.hasPrefix("docker.io/library/nginx@sha256:") == true)
        #expect(int64(image["size"]) > 0)

        // latest is the newest catalogue version: pulling that version names the same image.
        let again = try await runtime.client.pullImage("docker.io/library/nginx:1.27.3")
        #expect(again == ref)
        image = try #require(try await runtime.call(.imageStatus, ["image": ["image": .string(ref)]])["image"])
        #expect(Set(image["repoTags"]?.arrayValue ?? []) == ["docker.io/library/nginx:latest", "docker.io/library/nginx:1.27.3"])
        // Another tag is another image; any tag pulls.
        let old = try await runtime.client.pullImage("index.docker.io/library/nginx:1.19-custom")
        #expect(old != ref)
        // Pulling by the repo digest finds the same image.
        let digest = try #require(image["repoDigests"]?.arrayValue?.first?.stringValue)
        #expect(try await runtime.client.pullImage(digest) == ref)
    }

    @Test func missingImageStatusIsEmpty() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        let response = try await runtime.call(.imageStatus, ["image": ["image": "redis:7"]])
        #expect(response["image"] == nil)
    }

    @Test func removingOneTagRemovesTheImage() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        _ = try await runtime.client.pullImage("busybox")
        _ = try await runtime.client.pullImage("busybox:1.37.0")
        _ = try await runtime.client.pullImage("alpine")
        _ = try await runtime.call(.removeImage, ["image": ["image": "busybox:1.37.0"]])
        #expect(try await runtime.call(.imageStatus, ["image": ["image": "busybox"]])["image"] == nil)
        let tags = (try await runtime.call(.listImages)["images"]?.arrayValue ?? []).flatMap { $0["repoTags"]?.arrayValue ?? [] }
        #expect(tags == ["docker.io/library/alpine:latest"])
        // Removing what is not there succeeds.
        _ = try await runtime.call(.removeImage, ["image": ["image": "busybox"]])
    }

    @Test func listFiltersByReference() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        _ = try await runtime.client.pullImage("python:3.12")
        _ = try await runtime.client.pullImage("redis")
        let images = try await runtime.call(.listImages, ["filter": ["image": ["image": "python:3.12"]]])["images"]?.arrayValue ?? []
        #expect(images.count == 1)
        #expect(images.first?["repoTags"] == ["docker.io/library/python:3.12"])
        #expect(try await runtime.call(.listImages)["images"]?.arrayValue?.count == 2)
    }

    @Test func unknownRepositoriesAndRegistriesFail() async throws {
        let runtime = try await RuntimeHarness.make()
        defer { runtime.close() }
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("no-such-image") } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("bitnami/redis") } == Int32(KEELSON_ERR_NOT_FOUND))
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("quay.io/team/app:v1") } == Int32(KEELSON_ERR_UNAVAILABLE))
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("Nginx") } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("nginx:bad tag") } == Int32(KEELSON_ERR_INVALID_ARGUMENT))
    }

    @Test func allowedRegistriesPullAtAnyTag() async throws {
        let runtime = try await RuntimeHarness.make(["allowedRegistries": ["quay.io", "docker.io/bitnami"]])
        defer { runtime.close() }
        _ = try await runtime.client.pullImage("quay.io/team/app:v1")
        _ = try await runtime.client.pullImage("bitnami/redis:7.2")
        #expect(await pluginStatus { _ = try await runtime.client.pullImage("ghcr.io/team/app") } == Int32(KEELSON_ERR_UNAVAILABLE))
        let status = try await runtime.call(.imageStatus, ["image": ["image": "docker.io/bitnami/redis:7.2"]])
        #expect(status[path: "image", "repoTags"] == ["docker.io/bitnami/redis:7.2"])
    }

    @Test func pullDelayAndFilesystemInfo() async throws {
        let runtime = try await RuntimeHarness.make(["pullDelayMs": 200])
        defer { runtime.close() }
        let started = Date()
        _ = try await runtime.client.pullImage("alpine:3.20")
        #expect(Date().timeIntervalSince(started) >= 0.2)
        // Pulling a present image again succeeds and keeps one image.
        _ = try await runtime.client.pullImage("alpine:3.20")
        let images = try await runtime.call(.listImages)
        #expect(images["images"]?.arrayValue?.filter { $0["repoTags"] == ["docker.io/library/alpine:3.20"] }.count == 1)
        let info = try await runtime.call(.imageFsInfo)
        let usage = try #require(info["imageFilesystems"]?.arrayValue?.first)
        #expect(int64(usage[path: "usedBytes", "value"]) > 0)
        #expect(usage[path: "fsId", "mountpoint"]?.stringValue?.contains("containerd") == true)
        #expect(int64(usage["timestamp"]) > 0)
    }
}
