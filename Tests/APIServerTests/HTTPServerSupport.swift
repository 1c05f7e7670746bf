import APIServer
import Kernel
import Testing

/// Runs `body` against a real API server on 127.0.0.1 (a free port) over an in-memory store.
func withServer(_ body: (ClusterAPI, Int) async throws -> Void) async throws {
    try await withAPI { api in
        let server = try APIHTTPServer(api: api, address: "127.0.0.1:0")
        let port = try await server.start()
        #expect(port > 0)
        do {
            try await body(api, port)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

/// Checks that a reply is a Kubernetes Failure Status with `code` and `reason`.
func expectStatus(_ reply: HTTPReply, _ code: Int, _ reason: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(reply.status == code, sourceLocation: sourceLocation)
    let status = reply.json
    #expect(status?["kind"] == "Status", sourceLocation: sourceLocation)
    #expect(status?["apiVersion"] == "v1", sourceLocation: sourceLocation)
    #expect(status?["status"] == "Failure", sourceLocation: sourceLocation)
    #expect(status?["code"]?.intValue == Int64(code), sourceLocation: sourceLocation)
    #expect(status?["reason"]?.stringValue == reason, sourceLocation: sourceLocation)
    #expect(reply.headers["content-type"]?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
}
