import Foundation
import OCPIPeers
import Testing

/// The Authorization header we send: Base64 as OCPI 2.2+ prescribes, or the raw token some peers want.
@Suite struct PeerTokenTests {
    @Test func base64AndRawHeaders() {
        let token = PeerToken(value: "example-token-b", format: .base64)
        #expect(token.headerValue == "Token ZXhhbXBsZS10b2tlbi1i")
        #expect(token.alternative.headerValue == "Token example-token-b")
        #expect(token.alternative.alternative == token)
    }
}
