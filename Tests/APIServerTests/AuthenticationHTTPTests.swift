@testable import APIServer
import Foundation
import Kernel
import Testing

@Suite("Authentication over HTTP")
struct AuthenticationHTTPTests {
    @Test("no token or a bad one is 401 Unauthorized; the admin token and public paths pass")
    func gate() async throws {
        try await withSecuredServer { _, port, pki, _ in
            let none = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces")
            expectStatus(none, 401, "Unauthorized")
            #expect(none.json?["message"] == "Unauthorized")
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces", headers: bearer("not-the-token")), 401, "Unauthorized")
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api", headers: ["Authorization": "Basic YWRtaW46YWRtaW4="]), 401, "Unauthorized")
            let admin = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces", headers: bearer(pki.adminToken))
            #expect(admin.status == 200)
            for path in ["/healthz", "/livez", "/readyz", "/readyz/ping", "/version"] {
                #expect(try await RawHTTP.send(port: port, "GET", path).status == 200, "\(path)")
            }
            let review = try await RawHTTP.send(port: port, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                                body: Data(#"{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"#.utf8),
                                                headers: bearer(pki.adminToken).merging(["Content-Type": "application/json"]) { a, _ in a })
            #expect(review.status == 201)
            #expect(review.json?[path: "status", "userInfo", "username"] == "keelson-admin")
            #expect(review.json?[path: "status", "userInfo", "groups"] == ["system:masters", "system:authenticated"])
        }
    }

    @Test("TokenRequest issues a ServiceAccount token that stops working when the account is deleted")
    func tokenRequest() async throws {
        try await withSecuredServer { api, port, pki, _ in
            _ = try await api.create(.serviceAccounts, namespace: "default",
                                     object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
            var headers = bearer(pki.adminToken)
            headers["Content-Type"] = "application/json"
            let request: JSONValue = ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": ["expirationSeconds": 1200]]
            let issued = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/serviceaccounts/robot/token",
                                                body: request.serialized(), headers: headers)
            #expect(issued.status == 201, "\(issued.text)")
            #expect(issued.json?["kind"] == "TokenRequest")
            #expect(issued.json?[path: "spec", "expirationSeconds"]?.intValue == 1200)
            let token = try #require(issued.json?[path: "status", "token"]?.stringValue)
            #expect(issued.json?[path: "status", "expirationTimestamp"]?.stringValue != nil)

            let asRobot = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps", headers: bearer(token))
            #expect(asRobot.status == 200)
            let review = try await RawHTTP.send(port: port, "POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews",
                                                body: Data("{}".utf8), headers: bearer(token).merging(["Content-Type": "application/json"]) { a, _ in a })
            #expect(review.json?[path: "status", "userInfo", "username"] == "system:serviceaccount:default:robot")

            // Too short a lifetime, and a missing account.
            let short: JSONValue = ["kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1", "spec": ["expirationSeconds": 60]]
            expectStatus(try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/serviceaccounts/robot/token",
                                                body: short.serialized(), headers: headers), 422, "Invalid")
            expectStatus(try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/serviceaccounts/ghost/token",
                                                body: request.serialized(), headers: headers), 404, "NotFound")

            _ = try await api.delete(.serviceAccounts, namespace: "default", name: "robot")
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps", headers: bearer(token)), 401, "Unauthorized")

            // A new account with the same name has another uid: the old token stays refused.
            _ = try await api.create(.serviceAccounts, namespace: "default",
                                     object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
            expectStatus(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces/default/configmaps", headers: bearer(token)), 401, "Unauthorized")
        }
    }

    @Test("the plain unauthenticated mode stays available to library callers")
    func plainMode() async throws {
        try await withServer { _, port in
            let reply = try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces")
            #expect(reply.status == 200)
        }
    }

    @Test("plain HTTP is refused on an address outside loopback")
    func plainOutsideLoopback() async throws {
        try await withAPI { api in
            #expect(throws: APIHTTPServer.StartError.self) {
                _ = try APIHTTPServer(api: api, address: "10.1.2.3:6443", transport: .plainHTTP, authenticator: nil, limits: nil)
            }
        }
    }
}

@Suite("TLS serving")
struct TLSServingTests {
    @Test("the handshake verifies against the generated CA for 127.0.0.1 and localhost, and fails without it")
    func handshake() async throws {
        try await withSecuredServer(tls: true) { _, port, pki, folder in
            let ca = "\(folder)/ca.crt"
            for host in ["127.0.0.1", "localhost"] {
                let verified = try await runProgram("/usr/bin/curl", ["-sS", "--cacert", ca, "https://\(host):\(port)/version"])
                #expect(verified.status == 0, "\(verified.output)")
                #expect(verified.output.contains("gitVersion"))
            }
            let authed = try await runProgram("/usr/bin/curl", ["-sS", "--cacert", ca, "-H", "Authorization: Bearer \(pki.adminToken)",
                                                                "https://127.0.0.1:\(port)/api/v1/namespaces/default"])
            #expect(authed.output.contains(#""name":"default""#), "\(authed.output)")
            let unverified = try await runProgram("/usr/bin/curl", ["-sS", "https://127.0.0.1:\(port)/version"])
            #expect(unverified.status == 60, "curl without the CA should fail verification: \(unverified.output)")
            let plain = try await runProgram("/usr/bin/curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(port)/version"])
            #expect(!plain.output.hasPrefix("200"))
        }
    }
}

@Suite("Abuse limits")
struct LimitsHTTPTests {
    @Test("over the mutating in-flight limit: 429 TooManyRequests with Retry-After: 1; reads have their own limit")
    func tooManyRequests() async throws {
        let limits = APIServerLimits(maxRequestsInFlight: 5, maxMutatingRequestsInFlight: 1)
        try await withSecuredServer(limits: limits) { _, port, pki, _ in
            // A create whose body never finishes arriving holds the one mutating slot. If the
            // holder itself arrived while another create was in flight, it was the one refused:
            // open a new holder and try again.
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"slow"}}"#
            let head = "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Authorization: Bearer \(pki.adminToken)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
            var headers = bearer(pki.adminToken)
            headers["Content-Type"] = "application/json"
            var refused: HTTPReply?
            var holder = try TestSocket(port: port, receiveTimeout: 0.2)
            try holder.write(Data((head + String(body.prefix(10))).utf8))
            for attempt in 0..<200 where refused == nil {
                let reply = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps",
                                                   body: Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c\#(attempt)"}}"#.utf8),
                                                   headers: headers)
                if reply.status == 429 { refused = reply; break }
                let holderAnswered: Bool
                do {
                    _ = try holder.read()   // data or end of stream: the holder was answered
                    holderAnswered = true
                } catch TestSocket.Timeout.timedOut {
                    holderAnswered = false
                }
                if holderAnswered {
                    holder.close()
                    holder = try TestSocket(port: port, receiveTimeout: 0.2)
                    try holder.write(Data((head + String(body.prefix(10))).utf8))
                }
            }
            defer { holder.close() }
            let reply = try #require(refused, "no 429 while the only mutating slot was held")
            expectStatus(reply, 429, "TooManyRequests")
            #expect(reply.headers["retry-after"] == "1")
            #expect(reply.json?[path: "details", "retryAfterSeconds"] == 1)

            // Reads are counted separately.
            #expect(try await RawHTTP.send(port: port, "GET", "/api/v1/namespaces", headers: bearer(pki.adminToken)).status == 200)

            // The held request completes normally once its body arrives, and frees the slot.
            try holder.write(Data(String(body.dropFirst(10)).utf8))
            var received = Data()
            for _ in 0..<100 {
                do {
                    guard let chunk = try holder.read() else { break }
                    received.append(chunk)
                } catch TestSocket.Timeout.timedOut {
                    continue
                }
            }
            #expect(try RawHTTP.parse(received, complete: true)?.reply.status == 201)
            let after = try await RawHTTP.send(port: port, "POST", "/api/v1/namespaces/default/configmaps",
                                               body: Data(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after"}}"#.utf8),
                                               headers: headers)
            #expect(after.status == 201)
        }
    }

    @Test("a request past its deadline is answered 504 Timeout, and nothing is written")
    func deadline() async throws {
        let limits = APIServerLimits(requestTimeoutSeconds: 0.3)
        try await withSecuredServer(limits: limits) { api, port, pki, _ in
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"late"}}"#
            let reply = try await Blocking.run {
                let socket = try TestSocket(port: port)
                defer { socket.close() }
                let head = "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: Bearer \(pki.adminToken)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
                try socket.write(Data((head + String(body.prefix(10))).utf8))
                var received = Data()
                while let chunk = try socket.read() {
                    received.append(chunk)
                    if let parsed = try RawHTTP.parse(received, complete: false), parsed.finished { break }
                }
                return try RawHTTP.parse(received, complete: true)?.reply
            }
            let timedOut = try #require(reply)
            expectStatus(timedOut, 504, "Timeout")
            await #expect(throws: APIError.self) { _ = try await api.get(.configMaps, namespace: "default", name: "late") }
        }
    }
}
