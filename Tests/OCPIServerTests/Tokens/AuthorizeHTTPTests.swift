import Foundation
import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// The back-office's one call: `POST /tokens/{uid}/authorize`, answered per the token's whitelist from the stored
/// token or by its EMSP in real time, and recorded.
@Suite struct AuthorizeHTTPTests {
    /// ALWAYS is answered from the stored token, without asking: valid → ALLOWED, not valid → NOT_ALLOWED.
    @Test func alwaysIsAnsweredFromTheStoredToken() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            defer { Task { await emsp.sender?.stop() } }
            #expect(try await http.put(TokenFixture.token(emsp.party, "A1"), token: emsp.token, TokenFixture.body(emsp.party, "A1")).status == .created)
            #expect(try await http.put(TokenFixture.token(emsp.party, "A2"), token: emsp.token, TokenFixture.body(emsp.party, "A2", valid: false)).status == .created)

            let allowed = try await http.send(.post, TokenFixture.authorize("A1"), token: owner)
            #expect(allowed.status == .ok)
            #expect(allowed.code == 1000)
            #expect(allowed.data?["allowed"]?.string == "ALLOWED")
            #expect(allowed.data?["token"]?["uid"]?.string == "A1")
            #expect(allowed.data?["token"]?["party_id"]?.string == emsp.party.partyID)
            #expect(allowed.message.contains("stored"), "\(allowed.message)")
            let refused = try await http.send(.post, TokenFixture.authorize("a2", version: "2.3.0"), token: owner)
            #expect(refused.data?["allowed"]?.string == "NOT_ALLOWED")

            #expect(emsp.sender?.calls.isEmpty == true, "ALWAYS never asks the EMSP")
            let decisions = try await TokenFixture.decisions(pool, tenant)
            #expect(decisions.map(\.allowed) == ["ALLOWED", "NOT_ALLOWED"])
            #expect(decisions.map(\.source) == ["stored", "stored"])
        }
    }

    /// ALLOWED is answered from a valid stored token; an invalid one is asked in real time, and the EMSP's answer
    /// (its authorization_reference included) is passed back unchanged. The EMSP sees routing headers from the
    /// tenant to its party, and only the location and EVSEs named.
    @Test func allowedAsksTheEMSPWhenTheStoredTokenIsNotValid() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await Charge.tenantWithSite(http, pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            #expect(try await http.put(TokenFixture.token(emsp.party, "B1"), token: emsp.token, TokenFixture.body(emsp.party, "B1", whitelist: "ALLOWED")).status == .created)
            #expect(try await http.put(TokenFixture.token(emsp.party, "B2"), token: emsp.token, TokenFixture.body(emsp.party, "B2", whitelist: "ALLOWED", valid: false)).status == .created)

            let stored = try await http.send(.post, TokenFixture.authorize("B1"), token: owner)
            #expect(stored.data?["allowed"]?.string == "ALLOWED")
            #expect(sender.calls.isEmpty)

            sender.answer(.info(allowed: "BLOCKED", reference: "EMSP-REF-77"))
            let asked = try await http.send(
                .post, TokenFixture.authorize("B2"), token: owner, body: #"{"location_id": "LOC1", "evse_uids": ["E2"]}"#)
            #expect(asked.status == .ok)
            #expect(asked.data?["allowed"]?.string == "BLOCKED")
            #expect(asked.data?["authorization_reference"]?.string == "EMSP-REF-77")
            let call = try #require(sender.calls.first)
            #expect(call.path.hasSuffix("/tokens/B2/authorize"))
            #expect(call.query == "type=RFID")
            #expect(call.header("OCPI-from-country-code") == tenant.countryCode)
            #expect(call.header("OCPI-from-party-id") == tenant.partyID)
            #expect(call.header("OCPI-to-country-code") == emsp.party.countryCode)
            #expect(call.header("OCPI-to-party-id") == emsp.party.partyID)
            #expect(call.body.contains(#""location_id":"LOC1""#), "\(call.body)")
            #expect(call.body.contains(#""evse_uids":["E2"]"#), "only the EVSEs named: \(call.body)")
            #expect(!call.body.contains("E1"))

            let decisions = try await TokenFixture.decisions(pool, tenant)
            #expect(decisions.map(\.source) == ["stored", "real_time"])
            let reference = try await pool.query(
                "SELECT authorization_reference FROM authorizations WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND source = 'real_time'")
            #expect(try reference.first?.decode(0, as: String?.self) == "EMSP-REF-77")
        }
    }

    /// NEVER and ALLOWED_OFFLINE are asked in real time even for a token stored as not valid; when the EMSP cannot
    /// be reached, ALLOWED_OFFLINE falls back to the stored token and NEVER decides nothing (3001).
    @Test func realTimeModesAndAnUnreachableEMSP() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            #expect(try await http.put(TokenFixture.token(emsp.party, "C1"), token: emsp.token, TokenFixture.body(emsp.party, "C1", whitelist: "NEVER", valid: false)).status == .created)
            #expect(try await http.put(TokenFixture.token(emsp.party, "C2"), token: emsp.token, TokenFixture.body(emsp.party, "C2", whitelist: "ALLOWED_OFFLINE")).status == .created)

            sender.answer(.info(allowed: "ALLOWED", reference: nil))
            #expect(try await http.send(.post, TokenFixture.authorize("C1"), token: owner).data?["allowed"]?.string == "ALLOWED")
            #expect(sender.calls.count == 1, "NEVER asks even for a token stored as not valid")

            sender.answer(.down(.serviceUnavailable))
            let offline = try await http.send(.post, TokenFixture.authorize("C2"), token: owner)
            #expect(offline.code == 1000)
            #expect(offline.data?["allowed"]?.string == "ALLOWED")
            #expect(offline.message.contains("could not be reached"), "\(offline.message)")

            let never = try await http.send(.post, TokenFixture.authorize("C1"), token: owner)
            #expect(never.code == 3001)
            #expect(never.data == nil || never.data == .null)
            #expect(never.message.contains(emsp.party.description), "\(never.message)")

            sender.answer(.late(.seconds(3)))
            let late = try await http.send(.post, TokenFixture.authorize("C2"), token: owner)
            #expect(late.data?["allowed"]?.string == "ALLOWED", "a late EMSP counts as unreachable: \(late.message)")

            let decisions = try await TokenFixture.decisions(pool, tenant)
            #expect(decisions.map(\.source) == ["real_time", "stored_offline", "none", "stored_offline"])
            #expect(decisions.map(\.outcome) == ["answered", "answered", "emsp_unreachable", "answered"])
        }
    }

    /// A token nobody stores: asked of the one EMSP party that could own it (404 and 2004 when it does not know it
    /// either); with two possible EMSPs, none is guessed.
    @Test func unknownTokens() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let first = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(first.sender)
            defer { Task { await sender.stop() } }

            sender.answer(.info(allowed: "ALLOWED", reference: "R9"))
            let asked = try await http.send(.post, TokenFixture.authorize("NEW1", type: "APP_USER"), token: owner)
            #expect(asked.data?["allowed"]?.string == "ALLOWED")
            #expect(sender.calls.last?.query == "type=APP_USER")

            sender.answer(.unknown)
            let unknown = try await http.send(.post, TokenFixture.authorize("NEW2"), token: owner)
            #expect(unknown.status == .notFound)
            #expect(unknown.code == 2004)
            #expect(unknown.data == nil || unknown.data == .null)

            let second = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            defer { Task { await second.sender?.stop() } }
            let calls = sender.calls.count
            let guessed = try await http.send(.post, TokenFixture.authorize("NEW3"), token: owner)
            #expect(guessed.status == .notFound)
            #expect(guessed.code == 2004)
            #expect(guessed.message.contains("none is guessed"), "\(guessed.message)")
            #expect(sender.calls.count == calls)
            #expect(second.sender?.calls.isEmpty == true)
        }
    }

    /// A tenant authorizes only with the tokens of EMSPs granted to it: another tenant's EMSP's token is unknown.
    @Test func onlyTheTokensOfGrantedEMSPsCount() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let (elsewhere, elsewhereOwner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [elsewhere])
            #expect(try await http.put(TokenFixture.token(emsp.party, "D1"), token: emsp.token, TokenFixture.body(emsp.party, "D1")).status == .created)

            let there = try await http.send(.post, TokenFixture.authorize("D1"), token: elsewhereOwner)
            #expect(there.data?["allowed"]?.string == "ALLOWED")
            let here = try await http.send(.post, TokenFixture.authorize("D1"), token: owner)
            #expect(here.status == .notFound)
            #expect(here.code == 2004)
            #expect(try await TokenFixture.decisions(pool, tenant).map(\.outcome) == ["unknown_token"])
        }
    }

    /// The location must be the tenant's own, with the EVSEs named at it; a peer's token may not call authorize.
    @Test func theLocationMustBeTheTenantsOwn() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await Charge.tenantWithSite(http, pool)
            let (_, otherOwner) = try await Charge.tenantWithSite(http, pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            #expect(try await http.put(TokenFixture.token(emsp.party, "E1"), token: emsp.token, TokenFixture.body(emsp.party, "E1")).status == .created)

            let own = try await http.send(.post, TokenFixture.authorize("E1"), token: owner, body: #"{"location_id": "LOC1", "evse_uids": ["E1"]}"#)
            #expect(own.data?["allowed"]?.string == "ALLOWED")
            #expect(own.data?["location"]?["location_id"]?.string == "LOC1")
            let elsewhere = try await http.send(.post, TokenFixture.authorize("E1"), token: otherOwner, body: #"{"location_id": "LOC404"}"#)
            #expect(elsewhere.code == 2003)
            let noEVSE = try await http.send(.post, TokenFixture.authorize("E1"), token: owner, body: #"{"location_id": "LOC1", "evse_uids": ["E9"]}"#)
            #expect(noEVSE.code == 2001)
            #expect(noEVSE.message.contains("E9"))
            let malformed = try await http.send(.post, TokenFixture.authorize("E1"), token: owner, body: #"{"evse_uids": ["E1"]}"#)
            #expect(malformed.code == 2001)
            #expect(malformed.message.contains("location_id"), "\(malformed.message)")

            let peer = try await http.send(.post, TokenFixture.authorize("E1"), token: emsp.token)
            #expect(peer.status == .methodNotAllowed)
            #expect(try await TokenFixture.decisions(pool, tenant).count == 1, "refused requests decide nothing")
        }
    }
}
