import Foundation
import Testing

extension EndToEnd {
/// `keelson up` secured by default, checked from the outside: HTTPS verified against the
/// cluster CA from the kubeconfig, 401 without a token, the admin token for kubectl and the
/// keelson CLI, ServiceAccount tokens from `kubectl create token` that stop working when the
/// account is deleted, `kubectl auth whoami`, the same CA after a restart, and plain HTTP
/// refused outside loopback.
@Suite("Security end to end", .serialized)
struct SecurityEndToEndTests {
    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-sec-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func writeConfig(_ directory: URL, apiServer: String = #"{address: "127.0.0.1:0"}"#) throws -> String {
        let config = """
            apiVersion: keelson.dev/v1alpha1
            kind: ClusterConfig
            dataDir: \(directory.appendingPathComponent("data").path)
            apiServer: \(apiServer)
            dns: null
            cloudProvider: null
            nodePools: []
            """
        let path = directory.appendingPathComponent("cluster.yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func kubectl(_ kubeconfig: String, _ cache: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await KeelsonProcess.run("/usr/bin/env", ["kubectl", "--kubeconfig", kubeconfig, "--cache-dir", cache.path] + arguments)
    }

    private func curl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await KeelsonProcess.run("/usr/bin/env", ["curl", "-sS"] + arguments)
    }

    @Test func httpsTokensAndRestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try writeConfig(directory)
        let data = directory.appendingPathComponent("data")
        let kubeconfig = data.appendingPathComponent("kubeconfig").path
        let cache = directory.appendingPathComponent("kubectl-cache")
        let caPath = data.appendingPathComponent("pki/ca.crt").path

        let cluster = try KeelsonProcess(["up", "--config", configPath])
        defer { cluster.stop() }
        let server = KeelsonProcess.serverURL(in: try await cluster.waitForLine(containing: "API server listening on "))
        _ = try await cluster.waitForLine(containing: "cluster is up")
        #expect(server.hasPrefix("https://127.0.0.1:"))

        // The kubeconfig carries the server, the CA and the admin token.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: kubeconfig))) as? [String: Any])
        let clusterEntry = ((document["clusters"] as? [[String: Any]])?.first?["cluster"] as? [String: Any]) ?? [:]
        #expect(clusterEntry["server"] as? String == server)
        let caData = try #require(clusterEntry["certificate-authority-data"] as? String)
        let caBytes = try Data(contentsOf: URL(fileURLWithPath: caPath))
        #expect(Data(base64Encoded: caData) == caBytes)
        let token = try #require(((document["users"] as? [[String: Any]])?.first?["user"] as? [String: Any])?["token"] as? String)
        let adminToken = try String(contentsOfFile: data.appendingPathComponent("pki/admin.token").path, encoding: .utf8)
        #expect(adminToken.trimmingCharacters(in: .whitespacesAndNewlines) == token)

        // TLS verified against the CA; no token is 401 except on the public paths.
        let version = try await curl(["--cacert", caPath, "\(server)/version"])
        #expect(version.status == 0 && version.output.contains("gitVersion"), "\(version.output)")
        let anonymous = try await curl(["--cacert", caPath, "\(server)/api/v1/namespaces"])
        #expect(anonymous.output.contains(#""reason":"Unauthorized""#), "\(anonymous.output)")
        let badToken = try await curl(["--cacert", caPath, "-H", "Authorization: Bearer nope", "-o", "/dev/null", "-w", "%{http_code}", "\(server)/api/v1/namespaces"])
        #expect(badToken.output == "401")
        let unverified = try await curl(["\(server)/version"])
        #expect(unverified.status == 60, "\(unverified.output)")

        // kubectl and the keelson CLI work from the kubeconfig alone.
        let namespaces = try await kubectl(kubeconfig, cache, ["get", "namespaces", "-o", "name"])
        #expect(namespaces.status == 0 && namespaces.output.contains("namespace/default"), "\(namespaces.output)")
        let whoami = try await kubectl(kubeconfig, cache, ["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"])
        #expect(whoami.output == "keelson-admin", "\(whoami.output)")
        let keelsonGet = try await KeelsonProcess.keelson(["get", "namespaces", "--kubeconfig", kubeconfig, "-o", "name"])
        #expect(keelsonGet.status == 0 && keelsonGet.output.contains("default"), "\(keelsonGet.output)")

        // A ServiceAccount token from `kubectl create token` works until the account is deleted.
        let manifest = directory.appendingPathComponent("robot.yaml")
        try "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n".write(to: manifest, atomically: true, encoding: .utf8)
        let applied = try await KeelsonProcess.keelson(["apply", "-f", manifest.path, "--kubeconfig", kubeconfig])
        #expect(applied.status == 0, "\(applied.output)")
        let created = try await kubectl(kubeconfig, cache, ["create", "token", "robot", "--duration", "20m"])
        #expect(created.status == 0, "\(created.output)")
        let saToken = created.output.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(saToken.split(separator: ".").count == 3)
        let asRobot = try await kubectl(kubeconfig, cache, ["auth", "whoami", "--token", saToken, "-o", "jsonpath={.status.userInfo.username}"])
        #expect(asRobot.output == "system:serviceaccount:default:robot", "\(asRobot.output)")
        let robotGet = try await kubectl(kubeconfig, cache, ["get", "configmaps", "--token", saToken])
        #expect(robotGet.status == 0, "\(robotGet.output)")
        #expect(try await kubectl(kubeconfig, cache, ["delete", "serviceaccount", "robot"]).status == 0)
        let revoked = try await kubectl(kubeconfig, cache, ["get", "configmaps", "--token", saToken])
        #expect(revoked.status != 0 && revoked.output.contains("Unauthorized"), "\(revoked.output)")

        // A restart reuses the CA, the admin token and the kubeconfig's credentials.
        cluster.stop()
        let again = try KeelsonProcess(["up", "--config", configPath])
        defer { again.stop() }
        _ = try await again.waitForLine(containing: "API server listening on https://")
        _ = try await again.waitForLine(containing: "cluster is up")
        #expect(try Data(contentsOf: URL(fileURLWithPath: caPath)) == caBytes)
        let afterRestart = try await KeelsonProcess.keelson(["get", "namespaces", "--kubeconfig", kubeconfig, "-o", "name"])
        #expect(afterRestart.status == 0, "\(afterRestart.output)")
    }

    @Test func plainHTTPRefusedOutsideLoopback() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try writeConfig(directory, apiServer: #"{address: "10.0.0.1:6443", plainHTTP: true}"#)
        let result = try await KeelsonProcess.keelson(["up", "--config", configPath])
        #expect(result.status != 0)
        #expect(result.output.contains("apiServer.plainHTTP: plain HTTP is served on loopback only and 10.0.0.1 is not"), "\(result.output)")
    }

    @Test func plainHTTPOnLoopbackStillNeedsTheToken() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configPath = try writeConfig(directory, apiServer: #"{address: "127.0.0.1:0", plainHTTP: true}"#)
        let cluster = try KeelsonProcess(["up", "--config", configPath])
        defer { cluster.stop() }
        let server = KeelsonProcess.serverURL(in: try await cluster.waitForLine(containing: "API server listening on "))
        _ = try await cluster.waitForLine(containing: "cluster is up")
        #expect(server.hasPrefix("http://"))
        let code = try await curl(["-o", "/dev/null", "-w", "%{http_code}", "\(server)/api/v1/namespaces"])
        #expect(code.output == "401")
        let kubeconfig = directory.appendingPathComponent("data/kubeconfig").path
        let listed = try await KeelsonProcess.keelson(["get", "namespaces", "--kubeconfig", kubeconfig, "-o", "name"])
        #expect(listed.status == 0, "\(listed.output)")
    }
}
}
