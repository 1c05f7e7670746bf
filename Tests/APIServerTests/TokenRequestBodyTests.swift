@testable import APIServer
import Kernel
import Testing

@Suite("TokenRequest bodies in protobuf, as kubectl create token sends them")
struct TokenRequestBodyTests {
    @Test("audiences and expirationSeconds are read through the shared definitions")
    func protobuf() throws {
        let body = ProtoWriter.object(apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest") { request in
            request.message(2) { spec in
                spec.string(1, "api")
                spec.int(4, 1200)
            }
        }
        let decoded = try ProtobufRequestBody.decode(body)
        #expect(decoded["kind"] == "TokenRequest")
        #expect(decoded[path: "spec", "audiences"] == ["api"])
        #expect(decoded[path: "spec", "expirationSeconds"]?.intValue == 1200)
    }

    @Test("a broken envelope is refused with a 400")
    func broken() {
        #expect(throws: APIError.self) { try ProtobufRequestBody.decode([0x6b, 0x38, 0x73, 0x00, 0x12, 0x40, 0x01]) }
        #expect(throws: APIError.self) { try ProtobufRequestBody.decode([0x7b, 0x7d]) }
    }
}
