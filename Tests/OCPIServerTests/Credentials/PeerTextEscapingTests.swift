import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// What a peer writes (a `status_message`, an error page) reaches `last_error` (and the log) escaped: one line,
/// no terminal escapes, cut short.
@Suite(.timeLimit(.minutes(1)))
struct PeerTextEscapingTests {
    @Test(arguments: [
        (#"{"status_code": 3000, "status_message": "no\n2026-12-06T10:00:00+0000 info ocpi-cpo: peer registered\u001b[2J", "timestamp": "2026-12-06T10:00:00Z"}"#,
         #"no\n2026-12-06T10:00:00+0000 info ocpi-cpo: peer registered\u{1B}[2J"#),
        ("<html>\r\n<title>502 proxy error</title>\u{1B}]0;pwned\u{07}" + String(repeating: "x", count: 1000) + "</html>",
         #"<html>\r\n<title>502 proxy error</title>\u{1B}]0;pwned\u{7}xxx"#),
    ])
    func aPeersErrorTextIsEscaped(body: String, expected: String) async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "escape-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            emsp.behavior.failWith = .badGateway
            emsp.behavior.failBody = body
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 3001)
            }
            let lastError = try #require(try await CredentialsFixture.peerRow(pool, peer).lastError)
            #expect(lastError.contains(expected), "\(lastError)")
            #expect(!lastError.unicodeScalars.contains(where: UntrustedText.needsEscaping), "\(lastError)")
            // The peer's text is cut; our own words and the URL around it make up the rest.
            #expect(lastError.count <= 2 * UntrustedText.defaultLimit, "\(lastError.count)")
        }
    }
}
