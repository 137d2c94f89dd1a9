import Foundation
import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The platform pulls an EMSP connection's tokens from its Tokens Sender: all of them when it is new, then what
/// changed since the last complete pull, following `Link` to the end; only its own parties' tokens, and never over
/// a newer stored one. `list_peers.sql` shows how it went.
@Suite struct TokenSyncTests {
    static func sync(_ pool: PGPool, pageLimit: Int = 2) -> TokenSync {
        TokenSync(pool: pool, client: TestApp.peerClient, configuration: .init(pageLimit: pageLimit), logger: TestDatabase.logger)
    }

    @Test func aNewConnectionIsPulledPageByPageThenFromTheLastPull() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            let stranger = TestDatabase.uniqueTenant()
            sender.list = .init(
                tokens: (1...5).map { TokenFixture.body(emsp.party, "P\($0)") } + [TokenFixture.body(stranger, "X1")], pageSize: 2)
            let peer = try await TokenFixture.peerID(pool, emsp)

            let first = try await Self.sync(pool).runOnce(peer: peer)
            let outcome = try #require(first[peer] ?? nil)
            #expect(outcome.pages == 3)
            #expect(outcome.stored == 5)
            #expect(outcome.refused == 1, "a token of a party the connection does not speak for")
            #expect(sender.listCalls.first?.query == "limit=2", "the first pull asks for everything")
            #expect(sender.listCalls.first?.header("OCPI-to-party-id") == emsp.party.partyID)
            #expect(sender.listCalls.first?.header("OCPI-from-party-id") == tenant.partyID)
            #expect(sender.listCalls.map(\.query).dropFirst() == ["offset=2&limit=2", "offset=4&limit=2"], "it follows Link")
            for uid in ["P1", "P5"] {
                #expect(try await http.get(TokenFixture.token(emsp.party, uid), token: emsp.token).status == .ok, "\(uid)")
            }
            let strangers = try await pool.query("SELECT count(*) FROM emsp_tokens WHERE country_code = \(stranger.countryCode) AND party_id = \(stranger.partyID)")
            #expect(try strangers.first?.decode(0, as: Int64.self) == 0)

            #expect(try await Self.sync(pool).runOnce(peer: peer).isEmpty, "not due again before TOKENS_SYNC_MINUTES")
            try await pool.query("UPDATE token_syncs SET next_due_at = now() WHERE peer_id = \(peer.rawValue)")
            let calls = sender.listCalls.count
            _ = try await Self.sync(pool).runOnce(peer: peer)
            let again = try #require(sender.listCalls.dropFirst(calls).first?.query)
            #expect(again.hasPrefix("date_from="), "the next pull asks from the last one: \(again)")

            let listed = try AdminScript.run("list_peers")
            let row = try #require(PushTests.CDRDeliveriesAdminScriptTests.rows(listed.stdout).first { $0["id"] == String(peer.rawValue) })
            #expect(row["tokens_pull"]?.contains("3 pages, 5 stored, 0 kept (newer), 1 refused") == true, "\(row["tokens_pull"] ?? "")")
            #expect(row["tokens_pull_error"]?.contains("does not speak for") == true, "\(row["tokens_pull_error"] ?? "")")
        }
    }

    /// A pulled token older than the stored one (the EMSP pushed a newer one since) leaves the stored one as it is.
    @Test func aPullNeverReplacesANewerPushedToken() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            let pushed = TokenFixture.body(emsp.party, "N1", lastUpdated: "2026-06-02T00:00:00Z")
            #expect(try await http.put(TokenFixture.token(emsp.party, "N1"), token: emsp.token, pushed).status == .created)
            sender.list = .init(tokens: [TokenFixture.body(emsp.party, "N1", valid: false, lastUpdated: "2026-06-01T00:00:00Z")])
            let peer = try await TokenFixture.peerID(pool, emsp)

            let outcome = try #require(try await Self.sync(pool).runOnce(peer: peer)[peer] ?? nil)
            #expect(outcome.keptNewer == 1)
            #expect(outcome.stored == 0)
            #expect(try await http.get(TokenFixture.token(emsp.party, "N1"), token: emsp.token).data?["valid"] == .bool(true))
        }
    }

    /// A Sender that is down: the pull fails, says why, and is tried again later from where the last complete one
    /// left off.
    @Test func aFailingPullIsRecordedAndRetriedLater() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            sender.list = .init(tokens: [], down: .serviceUnavailable)
            let peer = try await TokenFixture.peerID(pool, emsp)

            let outcomes = try await Self.sync(pool).runOnce(peer: peer)
            #expect(outcomes.keys.contains(peer))
            #expect(outcomes[peer] == .some(nil), "the pull failed")
            let row = try #require(try await pool.query(
                "SELECT consecutive_failures, last_error, next_due_at > now(), synced_from IS NULL FROM token_syncs WHERE peer_id = \(peer.rawValue)"
            ).first)
            #expect(try row.decode(0, as: Int32.self) == 1)
            #expect(try row.decode(1, as: String?.self)?.contains("503") == true)
            #expect(try row.decode(2, as: Bool.self), "retried later, not at once")
            #expect(try row.decode(3, as: Bool.self), "nothing complete yet: the next pull asks for everything")
            #expect(try await Self.sync(pool).runOnce(peer: peer).isEmpty)
        }
    }

    /// A list whose `Link` leads back to a page already read ends the pull as a failure, not a loop.
    @Test func aLinkBackToAReadPageFailsThePull() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            sender.list = .init(tokens: [TokenFixture.body(emsp.party, "L1")], pageSize: 1, loops: true)
            let peer = try await TokenFixture.peerID(pool, emsp)

            let outcomes = try await Self.sync(pool).runOnce(peer: peer)
            #expect(outcomes[peer] == .some(nil))
            #expect(sender.listCalls.count <= 3, "it stops at the first repeated page: \(sender.listCalls.count) calls")
            let error = try await pool.query("SELECT last_error FROM token_syncs WHERE peer_id = \(peer.rawValue)").first?.decode(0, as: String?.self)
            #expect(error?.contains("already read") == true, "\(String(describing: error))")
        }
    }

    /// A connection that gains a party is pulled again at once, from the beginning: that party's tokens were
    /// refused before.
    @Test func aGainedPartyIsPulledFromTheBeginning() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            let second = TestDatabase.uniqueTenant()
            sender.list = .init(tokens: [TokenFixture.body(emsp.party, "G1"), TokenFixture.body(second, "G2")])
            let peer = try await TokenFixture.peerID(pool, emsp)
            let first = try #require(try await Self.sync(pool).runOnce(peer: peer)[peer] ?? nil)
            #expect(first.stored == 1 && first.refused == 1)

            _ = try AdminScript.run("set_peer_parties", ["peer_id": String(peer.rawValue), "parties": "\(emsp.party),\(second)"])
            let again = try #require(try await Self.sync(pool).runOnce(peer: peer)[peer] ?? nil, "due at once")
            #expect(again.stored == 2)
            #expect(sender.listCalls.last?.query == "limit=2", "from the beginning, without date_from")
        }
    }
}
