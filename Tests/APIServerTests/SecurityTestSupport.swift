@testable import APIServer
import Foundation
import Kernel
import Testing

/// A fresh temporary folder for PKI files.
func temporaryPKIFolder() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("keelson-pki-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Runs `body` against a real API server on 127.0.0.1 with authentication on: plain HTTP unless
/// `tls` is set, with `limits` (none by default). Passes the API, the port, the PKI and its folder.
func withSecuredServer(tls: Bool = false, limits: APIServerLimits? = nil,
                       _ body: (ClusterAPI, Int, ClusterPKI, String) async throws -> Void) async throws {
    let folder = try temporaryPKIFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let pki = try ClusterPKI.loadOrCreate(directory: folder, identity: ServingIdentity(host: "127.0.0.1", serviceCIDR: "127.96.0.0/16"))
    try await withAPI { api in
        let authenticator = Authenticator(adminToken: pki.adminToken, serviceAccounts: ServiceAccountTokens(api: api, key: pki.serviceAccountKey))
        let transport: APIHTTPServer.Transport = tls
            ? .tls(certificateChainPEM: pki.servingCertificateChainPEM, privateKeyPEM: pki.servingKeyPEM) : .plainHTTP
        let server = try APIHTTPServer(api: api, address: "127.0.0.1:0", transport: transport, authenticator: authenticator, limits: limits)
        let port = try await server.start()
        do {
            try await body(api, port, pki, folder)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// `Authorization: Bearer TOKEN`.
func bearer(_ token: String) -> [String: String] { ["Authorization": "Bearer \(token)"] }

/// Runs a program to completion off the cooperative pool; returns its status and output.
func runProgram(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await Blocking.run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
