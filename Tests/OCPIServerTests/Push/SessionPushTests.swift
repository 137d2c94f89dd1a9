import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A session reaches its token's EMSP live: a PUT of the whole session when created, then a PATCH of what changed
/// with only the charging periods appended since the peer last heard, never the earlier ones.
extension PushTests {
@Suite
struct SessionPushTests {
    @Test func aCreatedSessionIsPutWholeAtItsReceiverURL() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }

            try await fixture.putSession("SES1", for: emsp.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await PushFixture.worker(pool).deliverPending()

            let calls = emsp.sessionCalls
            #expect(calls.map { "\($0.method) \($0.path)" } == ["PUT /ocpi/emsp/2.2.1/sessions/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)/SES1"])
            let body = try #require(calls.first).json
            #expect(body["id"]?.string == "SES1")
            #expect(body["cdr_token"]?["party_id"]?.string == emsp.party.partyID)
            #expect(body["location_id"]?.string == "LOC1" && body["evse_uid"]?.string == "E1" && body["connector_id"]?.string == "1")
            #expect(body["status"]?.string == "ACTIVE")
            #expect(JSONValue.periodStarts(body) == ["2024-06-01T10:00:00Z"])
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES1") == ["delivered": 1])
        }
    }

    @Test func eachPatchCarriesOnlyThePeriodsItAppended() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.putSession("SES1", for: emsp.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await worker.deliverPending()
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:15", kwh: "1.5")], kwh: "2.5")
            await worker.deliverPending()
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:30", kwh: "2.5")], kwh: "5")
            await worker.deliverPending()

            let calls = emsp.sessionCalls
            let path = "/ocpi/emsp/2.2.1/sessions/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)/SES1"
            #expect(calls.map { "\($0.method) \($0.path)" } == ["PUT \(path)", "PATCH \(path)", "PATCH \(path)"])
            guard calls.count == 3 else { return }
            let (first, second) = (calls[1].json, calls[2].json)
            #expect(Set(first.keys) == ["charging_periods", "kwh", "last_updated"])
            #expect(JSONValue.periodStarts(first) == ["2024-06-01T10:15:00Z"], "only the appended period, not the one the PUT carried")
            #expect(first["kwh"]?.number == 2.5)
            #expect(Set(second.keys) == ["charging_periods", "kwh", "last_updated"])
            #expect(JSONValue.periodStarts(second) == ["2024-06-01T10:30:00Z"], "only the period this PATCH appended")
            #expect(second["kwh"]?.number == 5)
            #expect(second["charging_periods"]?[0]?["dimensions"]?[0]?["volume"]?.number == 2.5)

            // The peer's copy, PUT then both PATCHes applied, is the session the platform holds.
            let stored = try await http.get(fixture.sessionURL("SES1"), token: fixture.ownerToken)
            #expect(stored.data?["last_updated"] == second["last_updated"], "the PATCH carries the stored last_updated")
            #expect(stored.data.flatMap { JSONValue.periodStarts($0.object ?? [:]) } == ["2024-06-01T10:00:00Z", "2024-06-01T10:15:00Z", "2024-06-01T10:30:00Z"])
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES1") == ["delivered": 3])
        }
    }

    /// PATCHes queued while the peer is backed off (it was down), and never tried, go out together once it is
    /// back: one PATCH with every period they appended, in order, and the latest value of each changed field.
    @Test func patchesQueuedWhileThePeerWasDownArriveAsOnePatchWithBothPeriodsInOrder() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.putSession("SES1", for: emsp.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await worker.deliverPending()
            emsp.behavior.down = .serviceUnavailable
            try await fixture.putSession("SES2", for: emsp.party)
            await worker.deliverPending()  // fails: the peer is backed off
            #expect(emsp.sessionCalls.filter(\.refusedAsDown).map(\.path).allSatisfy { $0.hasSuffix("/SES2") })
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:15", kwh: "1.5")], kwh: "2.5")
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:30", kwh: "2.5")], kwh: "5")

            emsp.behavior.down = nil
            try await TokenPartyPushFixture.deliver(worker) { try await PushFixture.pending(pool, peer) == 0 }

            let ses1 = emsp.sessionCalls.filter { $0.path.hasSuffix("/SES1") }
            #expect(ses1.map(\.method) == ["PUT", "PATCH"], "both changes in one PATCH")
            guard ses1.count == 2 else { return }
            let patch = ses1[1].json
            #expect(JSONValue.periodStarts(patch) == ["2024-06-01T10:15:00Z", "2024-06-01T10:30:00Z"], "both appended periods, in order, and not the first")
            #expect(patch["kwh"]?.number == 5, "the latest value of a changed field")
            #expect(Set(patch.keys) == ["charging_periods", "kwh", "last_updated"])
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES1") == ["delivered": 3], "the PUT, and both PATCHes settled by one call")
        }
    }

    /// The Receiver appends what a PATCH carries, so an appending PATCH that was tried and whose answer was lost
    /// (the peer may have applied it) is not sent again: its retry, with what was queued since, is a PUT of the
    /// whole session.
    @Test func anAppendingPatchTriedBeforeIsRetriedAsAPutOfTheWholeSession() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.putSession("SES1", for: emsp.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await worker.deliverPending()
            emsp.behavior.down = .serviceUnavailable
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:15", kwh: "1.5")], kwh: "2.5")
            await worker.deliverPending()
            let refused = emsp.sessionCalls.filter(\.refusedAsDown)
            #expect(refused.map(\.method) == ["PATCH"], "the first PATCH was tried, and failed")
            #expect(JSONValue.periodStarts(refused.first?.json ?? [:]) == ["2024-06-01T10:15:00Z"])
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:30", kwh: "2.5")], kwh: "5")

            emsp.behavior.down = nil
            try await TokenPartyPushFixture.deliver(worker) { try await PushFixture.pending(pool, peer) == 0 }

            let answered = emsp.sessionCalls.filter { !$0.refusedAsDown }
            #expect(answered.map(\.method) == ["PUT", "PUT"])
            guard answered.count == 2 else { return }
            let put = answered[1].json
            #expect(JSONValue.periodStarts(put) == ["2024-06-01T10:00:00Z", "2024-06-01T10:15:00Z", "2024-06-01T10:30:00Z"], "the whole session")
            #expect(put["kwh"]?.number == 5 && put["id"]?.string == "SES1")
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES1") == ["delivered": 3])
        }
    }

    /// An appending PATCH the peer refuses is followed by a PUT of the whole session, so the periods it carried
    /// are not lost.
    @Test func aRefusedAppendingPatchIsFollowedByAPut() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.putSession("SES1", for: emsp.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await worker.deliverPending()
            emsp.behavior.sessionPatchAnswers = [(.ok, 2001)]
            try await fixture.appendPeriods("SES1", [TokenPartyPushFixture.period("10:15", kwh: "1.5")], kwh: "2.5")
            await worker.deliverPending()

            let calls = emsp.sessionCalls
            #expect(calls.map(\.method) == ["PUT", "PATCH", "PUT"])
            guard calls.count == 3 else { return }
            #expect(JSONValue.periodStarts(calls[2].json) == ["2024-06-01T10:00:00Z", "2024-06-01T10:15:00Z"])
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES1") == ["delivered": 2])
        }
    }

    /// OCPI-to-* names the EMSP the session or CDR concerns (its token's party), even for a peer that reads several
    /// parties and whose role names another; OCPI-from-* names the tenant.
    @Test func routingHeadersNameTheTokensPartyAndTheTenant() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let first = TenantID(countryCode: "AA", partyID: TestDatabase.uniqueTenant().partyID)!
            let tokenParty = TenantID(countryCode: "ZZ", partyID: TestDatabase.uniqueTenant().partyID)!
            let (emsp, peer) = try await fixture.receiver(party: first)
            defer { Task { await emsp.stop() } }
            // The operator's word: this connection reads both parties' sessions and CDRs (its declared role is the first).
            try await pool.query("SELECT ocpi_admin.set_peer_parties(\(String(peer)), \("\(first),\(tokenParty)"))")

            try await fixture.putSession("SES1", for: tokenParty)
            try await fixture.postCDR("CDR1", for: tokenParty)
            await PushFixture.worker(pool).deliverPending()

            let calls = emsp.sessionCalls + emsp.cdrPosts
            #expect(calls.map(\.method) == ["PUT", "POST"])
            for call in calls {
                #expect(call.header("OCPI-to-country-code") == tokenParty.countryCode, "\(call.method) \(call.path)")
                #expect(call.header("OCPI-to-party-id") == tokenParty.partyID, "\(call.method) \(call.path)")
                #expect(call.header("OCPI-from-country-code") == fixture.tenant.countryCode)
                #expect(call.header("OCPI-from-party-id") == fixture.tenant.partyID)
            }
        }
    }
}
}
