import Foundation
import HTTPTypes
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A token the platform does not store is asked of an EMSP only when exactly one EMSP party granted to the tenant
/// could own it, counting every granted connection (any state, Sender or not). Each test has a database of its own:
/// in the shared one, other suites' connections granted every tenant are possible owners too.
@Suite(.enabled(if: ScratchDatabase.isAvailable))
struct UnknownTokenTests {
    @Test func theOnlyPossibleEMSPIsAskedAndItsUnknownIsOurs() async throws {
        try await TestApp.runIsolated { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let only = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(only.sender)
            defer { Task { await sender.stop() } }

            sender.answer(.info(allowed: "ALLOWED", reference: "R9"))
            let asked = try await http.send(.post, TokenFixture.authorize("NEW1", type: "APP_USER"), token: owner)
            #expect(asked.data?["allowed"]?.string == "ALLOWED", "\(asked.message)")
            #expect(sender.calls.last?.query == "type=APP_USER")

            sender.answer(.unknown)
            let unknown = try await http.send(.post, TokenFixture.authorize("NEW2"), token: owner)
            #expect(unknown.status == .notFound)
            #expect(unknown.code == 2004)
            #expect(unknown.data == nil || unknown.data == .null)

            // Neither an answer that is not an envelope nor an HTTP 404 without 2004 (a wrong URL, an error page)
            // says "unknown token": nothing is decided.
            sender.answer(.raw("not json"))
            #expect(try await http.send(.post, TokenFixture.authorize("NEW3"), token: owner).code == 3001)
            sender.answer(.down(.notFound))
            #expect(try await http.send(.post, TokenFixture.authorize("NEW3"), token: owner).code == 3001)
        }
    }

    /// A second EMSP granted the tenant, even one without a Tokens Sender or not connected, makes the owner
    /// uncertain: nobody is asked.
    @Test(arguments: ["with a Sender", "without a Sender", "not connected"])
    func withTwoPossibleEMSPsNoneIsGuessed(second kind: String) async throws {
        try await TestApp.runIsolated { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let first = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(first.sender)
            defer { Task { await sender.stop() } }
            let second = try await TokenFixture.emsp(pool, granted: [tenant], withSender: kind == "with a Sender")
            defer { Task { await second.sender?.stop() } }
            if kind == "not connected" {
                try await pool.query(
                    "UPDATE peer_connections SET state = 'failed' WHERE id = \(try await TokenFixture.peerID(pool, second).rawValue)")
            }

            let guessed = try await http.send(.post, TokenFixture.authorize("NEW4"), token: owner)
            #expect(guessed.status == .notFound)
            #expect(guessed.code == 2004)
            #expect(guessed.message.contains("none is guessed"), "\(guessed.message)")
            #expect(sender.calls.isEmpty)
            #expect(second.sender?.calls.isEmpty ?? true)
        }
    }

    /// A token stored by an EMSP is never asked of another, even when the EMSP that stores it is not granted to
    /// this tenant or its connection is down.
    @Test func aStoredTokenIsNeverAskedOfAnotherEMSP() async throws {
        try await TestApp.runIsolated { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let (elsewhere, _) = try await TestDatabase.createTenant(pool)
            let asked = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(asked.sender)
            defer { Task { await sender.stop() } }
            let holder = try await TokenFixture.emsp(pool, granted: [elsewhere])
            #expect(try await http.put(TokenFixture.token(holder.party, "K1"), token: holder.token, TokenFixture.body(holder.party, "K1")).status == .created)

            let unknown = try await http.send(.post, TokenFixture.authorize("K1"), token: owner)
            #expect(unknown.code == 2004)
            #expect(sender.calls.isEmpty, "the token is the other EMSP's")

            try await pool.query("INSERT INTO peer_tenant_grants VALUES (\(tenant.countryCode), \(tenant.partyID), \(try await TokenFixture.peerID(pool, holder).rawValue))")
            try await pool.query("UPDATE peer_connections SET state = 'failed' WHERE id = \(try await TokenFixture.peerID(pool, holder).rawValue)")
            let down = try await http.send(.post, TokenFixture.authorize("K1"), token: owner)
            #expect(down.code == 3001)
            #expect(down.message.contains("not connected"), "\(down.message)")
            #expect(sender.calls.isEmpty)
        }
    }
}
