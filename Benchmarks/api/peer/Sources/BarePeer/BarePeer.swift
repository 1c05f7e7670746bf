import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOSSL

/// A bare Hummingbird server for the API benchmark: the same framework, socket handling and
/// response shape as keelson's API server, but every body is read from a file once at start and
/// served from memory, so the difference to keelson is the API work (routing, store, JSON).
///
/// ```
/// bare-peer 0 [--tls CERT KEY] /api/v1/namespaces/bench/pods/p1=get.json /api/v1/namespaces/bench/pods=list.json
/// ```
/// The first argument is the port on 127.0.0.1 (0: any free one); `--tls` serves HTTPS (HTTP/1.1)
/// with a PEM certificate and key, as keelson does; each further argument maps a request path
/// (query ignored) to a file. Prints "peer listening on http(s)://127.0.0.1:PORT".
@main
struct BarePeer {
    static func main() async throws {
        var arguments = CommandLine.arguments.dropFirst()
        guard let portArgument = arguments.popFirst(), let port = Int(portArgument) else {
            FileHandle.standardError.write(Data("usage: BarePeer PORT PATH=FILE...\n".utf8))
            exit(2)
        }
        var server: HTTPServerBuilder = .http1()
        var scheme = "http"
        if arguments.first == "--tls" {
            arguments.removeFirst()
            guard let certificate = arguments.popFirst(), let key = arguments.popFirst() else {
                FileHandle.standardError.write(Data("usage: BarePeer PORT --tls CERT KEY PATH=FILE...\n".utf8))
                exit(2)
            }
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            tls.applicationProtocols = ["http/1.1"]
            server = try .tls(.http1(), tlsConfiguration: tls)
            scheme = "https"
        }
        let listeningScheme = scheme
        var bodies: [String: ByteBuffer] = [:]
        for mapping in arguments {
            guard let equals = mapping.firstIndex(of: "=") else {
                FileHandle.standardError.write(Data("expected PATH=FILE, got \(mapping)\n".utf8))
                exit(2)
            }
            let file = String(mapping[mapping.index(after: equals)...])
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            bodies[String(mapping[..<equals])] = ByteBuffer(bytes: data)
        }
        let table = bodies
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            guard let body = table[request.uri.path] else {
                return Response(status: .notFound, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: "{}")))
            }
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: body))
        }
        var logger = Logger(label: "bare-peer")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                print("peer listening on \(listeningScheme)://127.0.0.1:\(channel.localAddress?.port ?? port)")
                fflush(nil)
            },
            logger: logger
        )
        try await app.run()
    }
}
