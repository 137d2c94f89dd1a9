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

/// What no EMSP's answer or push may do: decide for another token, party, location or EVSE; push a token from the
/// future; or make one EMSP's copy of a uid decide for another's.
@Suite struct AuthorizeSafetyTests {
    static func unique(_ prefix: String) -> String { prefix + String(UInt32.random(in: 0...UInt32.max), radix: 36).uppercased() }

    @Test func anAnswerAboutAnythingElseIsNoAnswer() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await Charge.tenantWithSite(http, pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(emsp.sender)
            defer { Task { await sender.stop() } }
            let uid = Self.unique("M")
            #expect(try await http.put(TokenFixture.token(emsp.party, uid), token: emsp.token, TokenFixture.body(emsp.party, uid, whitelist: "NEVER")).status == .created)
            let other = TestDatabase.uniqueTenant()
            func answer(uid answered: String = uid, party: TenantID = emsp.party, location: String? = nil) -> String {
                let token = TokenFixture.body(party, answered, whitelist: "NEVER")
                let place = location.map { #", "location": \#($0)"# } ?? ""
                return #"{"data": {"allowed": "ALLOWED", "token": \#(token)\#(place)}, "status_code": 1000, "timestamp": "2026-01-01T00:00:00Z"}"#
            }
            let body = #"{"location_id": "LOC1", "evse_uids": ["E1"]}"#
            for (case_, text) in [
                ("another token", answer(uid: "SOMEONE-ELSE")),
                ("another party", answer(party: other)),
                ("another location", answer(location: #"{"location_id": "LOC2"}"#)),
                ("an EVSE not asked about", answer(location: #"{"location_id": "LOC1", "evse_uids": ["E1", "E2"]}"#)),
            ] {
                sender.answer(.raw(text))
                let reply = try await http.send(.post, TokenFixture.authorize(uid), token: owner, body: body)
                #expect(reply.code == 3001, "\(case_): \(reply.message)")
                #expect(reply.data == nil || reply.data == .null, "\(case_)")
            }
            sender.answer(.raw(answer(location: #"{"location_id": "loc1", "evse_uids": ["e1"]}"#)))
            #expect(try await http.send(.post, TokenFixture.authorize(uid), token: owner, body: body).data?["allowed"]?.string == "ALLOWED")
            #expect(try await TokenFixture.decisions(pool, tenant).map(\.outcome) == ["emsp_refused", "emsp_refused", "emsp_refused", "emsp_refused", "answered"])
        }
    }

    /// Two EMSPs granted the tenant store the same uid: neither decides, and neither is asked.
    @Test func theSameUidAtTwoGrantedEMSPsDecidesNothing() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let first = try await TokenFixture.emsp(pool, granted: [tenant], withSender: true)
            let sender = try #require(first.sender)
            defer { Task { await sender.stop() } }
            let second = try await TokenFixture.emsp(pool, granted: [tenant])
            let uid = Self.unique("D")
            #expect(try await http.put(TokenFixture.token(first.party, uid), token: first.token, TokenFixture.body(first.party, uid, whitelist: "NEVER")).status == .created)
            #expect(try await http.put(TokenFixture.token(second.party, uid), token: second.token, TokenFixture.body(second.party, uid, valid: false)).status == .created)

            let reply = try await http.send(.post, TokenFixture.authorize(uid), token: owner)
            #expect(reply.code == 3001)
            #expect(reply.message.contains("none is guessed"), "\(reply.message)")
            #expect(sender.calls.isEmpty)
            #expect(try await TokenFixture.decisions(pool, tenant).map(\.outcome) == ["ambiguous"])
        }
    }

    /// A push stamped far ahead of the platform's clock is refused: it could never be corrected.
    @Test func aTokenFromTheFutureIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let future = try await http.put(
                TokenFixture.token(emsp.party, "F1"), token: emsp.token, TokenFixture.body(emsp.party, "F1", lastUpdated: "2099-01-01T00:00:00Z"))
            #expect(future.code == 2001)
            #expect(future.message.contains("last_updated"), "\(future.message)")
            #expect(try await http.get(TokenFixture.token(emsp.party, "F1"), token: emsp.token).status == .notFound)
        }
    }

    /// Types are matched case-insensitively: `?type=rfid` is the stored RFID token, and never a second one.
    @Test func typeCaseDoesNotMakeAnotherToken() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let emsp = try await TokenFixture.emsp(pool, granted: [tenant])
            let uid = Self.unique("C")
            #expect(try await http.put(TokenFixture.token(emsp.party, uid), token: emsp.token, TokenFixture.body(emsp.party, uid)).status == .created)
            let lower = try await http.put(
                TokenFixture.token(emsp.party, uid, type: "rfid", version: "2.3.0"), token: emsp.token,
                TokenFixture.body(emsp.party, uid, valid: false, lastUpdated: "2026-06-02T00:00:00Z"))
            #expect(lower.status == .ok, "the same token: \(lower.message)")
            #expect(lower.data?["type"]?.string == "RFID")
            let reply = try await http.send(.post, TokenFixture.authorize(uid, type: "rfid", version: "2.3.0"), token: owner)
            #expect(reply.data?["allowed"]?.string == "NOT_ALLOWED", "\(reply.message)")
            let rows = try await pool.query("SELECT count(*) FROM emsp_tokens WHERE uid_key = lower(\(uid))")
            #expect(try rows.first?.decode(0, as: Int64.self) == 1)
        }
    }
}
