@testable import APIServer
import Kernel
import Testing

@Suite("TokenRequest bodies in protobuf, as kubectl create token sends them")
struct TokenRequestBodyTests {
    @Test("audiences and expirationSeconds are read from the k8s envelope")
    func protobuf() {
        let spec: [UInt8] = [0x0a, 3, 0x61, 0x70, 0x69, 0x20, 0xb0, 0x09]   // audiences: ["api"], expirationSeconds: 1200
        let tokenRequest: [UInt8] = [0x12, UInt8(spec.count)] + spec
        let envelope: [UInt8] = [0x6b, 0x38, 0x73, 0x00, 0x12, UInt8(tokenRequest.count)] + tokenRequest
        let decoded = TokenRequestBody.protobufSpec(envelope)
        #expect(decoded?["audiences"] == ["api"])
        #expect(decoded?["expirationSeconds"]?.intValue == 1200)
    }

    @Test("a broken envelope is refused")
    func broken() {
        #expect(TokenRequestBody.protobufSpec([0x6b, 0x38, 0x73, 0x00, 0x12, 0x40, 0x01]) == nil)
        #expect(TokenRequestBody.protobufSpec([0x7b, 0x7d]) == nil)
    }
}
