import HTTPTypes
import HummingbirdTesting
import NIOHTTP1
import OCPIModel
import OCPIPeers
import Testing
import TestSupport

/// What a peer's answers may cost us: details listing more endpoints or hosts than any platform needs are refused
/// before anything is resolved or stored, and a call that is retried in the other token format still ends within
/// one deadline.
@Suite(.timeLimit(.minutes(1)))
struct PeerCallBoundsTests {
    /// POST with token A whose details list 33 endpoints, or endpoints on 9 hosts: a generic 3001, nothing stored,
    /// the reason in `last_error`, and nothing called but versions and details.
    @Test(arguments: [
        (33, 1, "the version details list 35 endpoints; at most 32 are accepted"),
        (8, 8, "the version details' endpoints name 9 different hosts; at most 8 are accepted"),
    ])
    func detailsListingTooMuchAreRefused(extra: Int, hosts: Int, reason: String) async throws {
        try await TestApp.run { client, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let (tokenA, peer) = try await CredentialsFixture.registration(pool, tenants: tenant.description)
            let tokenB = "many-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await emsp.stop() } }
            // Credentials and locations on the fake itself, plus `extra` modules on `hosts` loopback addresses.
            var behavior = emsp.behavior
            let modules = (0..<extra).map { ModuleID(rawValue: "extra\($0)") }
            behavior.endpoints += modules.map { ($0, .receiver) }
            for (number, module) in modules.enumerated() {
                behavior.endpointURLs[module] = "http://127.0.0.\(2 + number % hosts):9/ocpi/\(module.rawValue)"
            }
            emsp.behavior = behavior
            let before = try await CredentialsURLPolicyTests.Snapshot(pool, peer)
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/credentials", method: .post, headers: .base64Token(tokenA),
                body: CredentialsFixture.body(token: tokenB, url: emsp.versionsURL)
            ) { response in
                try CredentialsURLPolicyTests.expectGenericRefusal(response, hiding: ["at most"])
            }
            #expect(try await CredentialsURLPolicyTests.Snapshot(pool, peer) == before, "nothing stored")
            #expect(emsp.received.map(\.path) == ["/ocpi/versions", "/ocpi/2.2.1"])
            let lastError = try await CredentialsFixture.peerRow(pool, peer).lastError ?? ""
            #expect(lastError.contains(reason), "\(lastError)")
        }
    }

    /// A peer that refuses our first token format with 401 after 3 s, and answers the retry after 3 s: each attempt
    /// fits in the 5 s deadline, both together do not, so the call fails at the deadline instead of taking two.
    @Test func aRetryInTheOtherTokenFormatStaysWithinOneDeadline() async throws {
        let emsp = try await CredentialsFixture.emsp(accepting: "retry")
        defer { Task { await emsp.stop() } }
        emsp.behavior.rawTokensOnly = true
        emsp.behavior.delay = .seconds(3)
        let peerClient = PeerClient(
            configuration: .init(connectTimeout: .seconds(2), requestTimeout: .seconds(5), allowPrivateNetworks: true), logger: TestDatabase.logger)
        let started = ContinuousClock.now
        do {
            let answer = try await peerClient.call(.GET, emsp.versionsURL, token: PeerToken(value: "retry", format: .base64), as: [Version].self)
            Issue.record("the call completed after \(ContinuousClock.now - started), in format \(answer.tokenFormat)")
        } catch {
            #expect(error.kind == .unreachable && error.message.contains("timed out"), "\(error)")
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(12), "ended at the deadline, not after both attempts: \(elapsed)")
        // (Each attempt alone fits in the deadline, so with a deadline per attempt the call would have succeeded.)
        #expect(emsp.received.count <= 2)
        try await peerClient.shutdown()

        // Without the delay the retry succeeds, in the raw format.
        emsp.behavior.delay = nil
        let quick = PeerClient(
            configuration: .init(connectTimeout: .seconds(1), requestTimeout: .seconds(3), allowPrivateNetworks: true), logger: TestDatabase.logger)
        let answer = try await quick.call(.GET, emsp.versionsURL, token: PeerToken(value: "retry", format: .base64), as: [Version].self)
        #expect(answer.tokenFormat == .raw)
        try await quick.shutdown()
    }
}
