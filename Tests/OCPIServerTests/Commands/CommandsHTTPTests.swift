import Foundation
import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// An EMSP's command goes to the tenant's back-office, whose immediate answer becomes the EMSP's, and its result
/// comes back to the EMSP's response_url: in time, late (TIMEOUT), or when the EMSP is up again.
@Suite struct CommandsHTTPTests {
    @Test func aStartSessionGoesToTheBackofficeAndItsResultToTheEMSP() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }

            let reply = try await fixture.send("START_SESSION", fixture.startSession())
            #expect(reply.code == 1000, "\(reply.message)")
            #expect(reply.data?["result"]?.string == "ACCEPTED")
            #expect(reply.data?["timeout"]?.number == 30)

            let forwarded = try #require(fixture.backoffice.calls.first)
            #expect(forwarded.path == "/ocpi/cpo/2.2.1/commands/START_SESSION")
            #expect(forwarded.header("Authorization") == "Token " + Data("backoffice-token".utf8).base64EncodedString())
            #expect(forwarded.header("OCPI-to-party-id") == fixture.tenant.partyID)
            #expect(forwarded.header("OCPI-from-party-id") == fixture.emsp.party.partyID)
            #expect(forwarded.json["location_id"]?.string == "LOC1" && forwarded.json["connector_id"]?.string == "1")
            #expect(forwarded.json["token"]?["uid"]?.string == "APP-1", "the body is passed on as the EMSP wrote it")
            let path = try CommandFixture.resultPath(forwarded)
            #expect(!path.contains(fixture.responseURL), "the back-office never sees the EMSP's response_url")

            let taken = try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#)
            #expect(taken.code == 1000, "\(taken.message)")
            try await CommandFixture.relay(pool) { !fixture.results.calls.isEmpty }
            let relayed = try #require(fixture.results.calls.first)
            #expect(relayed.path == "/emsp/results/1")
            #expect(relayed.json["result"]?.string == "ACCEPTED")
            #expect(relayed.header("Authorization") == "Token " + Data("emsp-token-b".utf8).base64EncodedString())
            #expect(relayed.header("OCPI-from-party-id") == fixture.tenant.partyID)
            #expect(try await fixture.commands().map(\.state) == ["result"])
            #expect(try await fixture.commands().map(\.relay) == ["delivered"])
        }
    }

    /// A back-office that sends no result in time: the EMSP gets TIMEOUT; a late result is recorded, not relayed.
    @Test func noResultInTimeIsATimeout() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            fixture.backoffice.answer(LoopbackRecorder.accepting(timeout: 1))

            let accepted = try await fixture.send("START_SESSION", fixture.startSession())
            #expect(accepted.data?["result"]?.string == "ACCEPTED")
            #expect(accepted.data?["timeout"]?.number == 1, "the EMSP is told the back-office's timeout")
            let path = try CommandFixture.resultPath(try #require(fixture.backoffice.calls.first))
            // The deadline (the timeout and a few seconds' grace) passes.
            try await pool.query(
                "UPDATE commands SET timeout_at = now() - interval '1 second' WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)")
            try await CommandFixture.relay(pool) { !fixture.results.calls.isEmpty }
            #expect(fixture.results.calls.map { $0.json["result"]?.string } == ["TIMEOUT"])

            let late = try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#)
            #expect(late.code == 1000)
            #expect(late.message.contains("timed out"), "\(late.message)")
            _ = try await CommandFixture.relay(pool).runOnce()
            try await Task.sleep(for: .milliseconds(200))
            #expect(fixture.results.calls.count == 1, "the late result is not relayed")
            #expect(try await fixture.commands().map(\.state) == ["timed_out"])
        }
    }

    /// An EMSP that is down when the result arrives gets it when it is back.
    @Test func aResultWaitsForTheEMSPToComeBack() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            #expect(try await fixture.send("STOP_SESSION", #"{"response_url": "\#(fixture.responseURL)", "session_id": "S1"}"#).data?["result"]?.string == "UNKNOWN_SESSION")
            #expect(try await http.put(ChargeURL.session(fixture.tenant, "S1"), token: fixture.ownerToken, ChargeBodies.session(fixture.tenant, "S1", token: fixture.emsp.party)).status == .created)

            #expect(try await fixture.send("STOP_SESSION", #"{"response_url": "\#(fixture.responseURL)", "session_id": "S1"}"#).data?["result"]?.string == "ACCEPTED")
            let path = try CommandFixture.resultPath(try #require(fixture.backoffice.calls.first))
            fixture.results.answer(.init(status: .serviceUnavailable, code: 3000))
            #expect(try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#).code == 1000)
            try await CommandFixture.relay(pool) { fixture.results.calls.count == 1 }
            #expect(try await fixture.commands().map(\.relay) == ["pending"])

            fixture.results.answer(.init())
            try await pool.query("UPDATE commands SET next_relay_at = now() WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)")
            try await CommandFixture.relay(pool) { try await fixture.commands().map(\.relay) == ["delivered"] }
            #expect(fixture.results.calls.map { $0.json["result"]?.string } == ["ACCEPTED", "ACCEPTED"], "tried twice, taken once it was up")
            #expect(try await fixture.commands().map(\.relay) == ["delivered"])
        }
    }

    /// Refused before anything is forwarded: another tenant's location, an unknown EVSE, a token of another party,
    /// another peer's session, a missing connector where the EVSE needs one; and a bad body.
    @Test func commandsForWhatThePeerMayNotReachAreNeverForwarded() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            let (elsewhere, elsewhereOwner) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(elsewhere, "FAR1"), token: elsewhereOwner, ChargeBodies.site(elsewhere, "FAR1")).status == .created)
            let other = try await TokenFixture.emsp(pool, granted: [fixture.tenant])
            #expect(try await http.put(ChargeURL.session(fixture.tenant, "THEIRS"), token: fixture.ownerToken, ChargeBodies.session(fixture.tenant, "THEIRS", token: other.party)).status == .created)
            let strict = Bodies.evse("E2", connectors: [Bodies.connector("1")], extra: #", "capabilities": ["START_SESSION_CONNECTOR_REQUIRED"]"#)
            #expect(try await http.put(Loc.owner(fixture.tenant, "LOC1", "E2"), token: fixture.ownerToken, strict).code == 1000)

            let foreign = try await fixture.send("START_SESSION", fixture.startSession(location: "FAR1"))
            #expect(foreign.code == 2003 && foreign.data?["result"]?.string == "REJECTED", "\(foreign.message)")
            let noEVSE = try await fixture.send("START_SESSION", fixture.startSession(evse: "E9"))
            #expect(noEVSE.data?["result"]?.string == "REJECTED")
            let theirToken = try await fixture.send("START_SESSION", fixture.startSession(tokenParty: other.party))
            #expect(theirToken.data?["result"]?.string == "REJECTED")
            #expect(theirToken.data?["message"]?[0]?["text"]?.string?.contains("own tokens") == true)
            let theirSession = try await fixture.send("STOP_SESSION", #"{"response_url": "\#(fixture.responseURL)", "session_id": "THEIRS"}"#)
            #expect(theirSession.data?["result"]?.string == "UNKNOWN_SESSION")
            let needsConnector = try await fixture.send("START_SESSION", fixture.startSession(evse: "E2", connector: nil))
            #expect(needsConnector.data?["result"]?.string == "REJECTED", "\(needsConnector.data ?? .null)")
            let bad = try await fixture.send("UNLOCK_CONNECTOR", #"{"response_url": "not a url", "location_id": "LOC1"}"#)
            #expect(bad.code == 2001)
            #expect(bad.message.contains("evse_uid") && bad.message.contains("response_url"), "\(bad.message)")
            let owner = try await fixture.send("START_SESSION", fixture.startSession(), as: fixture.ownerToken)
            #expect(owner.status == .notFound)

            #expect(fixture.backoffice.calls.isEmpty, "nothing was forwarded")
            #expect(try await fixture.commands().isEmpty)
        }
    }

    /// Two EMSPs reserve with the same reservation_id: the back-office sees two ids; each cancels its own.
    @Test func reservationIdsOfTwoEMSPsDoNotCollide() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            var second = fixture
            second.emsp = try await TokenFixture.emsp(pool, granted: [fixture.tenant])
            try await pool.query(
                """
                UPDATE peer_connections SET versions_url = \(fixture.results.baseURL + "/ocpi/versions")
                 WHERE id = \(try await TokenFixture.peerID(pool, second.emsp).rawValue)
                """)

            #expect(try await fixture.send("RESERVE_NOW", fixture.reserveNow("1234")).data?["result"]?.string == "ACCEPTED")
            #expect(try await second.send("RESERVE_NOW", second.reserveNow("1234")).data?["result"]?.string == "ACCEPTED")
            let ids = fixture.backoffice.calls.compactMap { $0.json["reservation_id"]?.string }
            try #require(ids.count == 2 && Set(ids).count == 2, "\(ids)")
            #expect(!ids.contains("1234"))

            let cancel = #"{"response_url": "\#(fixture.responseURL)", "reservation_id": "1234"}"#
            #expect(try await second.send("CANCEL_RESERVATION", cancel).data?["result"]?.string == "ACCEPTED")
            #expect(fixture.backoffice.calls.last?.json["reservation_id"]?.string == ids[1], "the second EMSP's reservation")
            let unknown = try await second.send("CANCEL_RESERVATION", #"{"response_url": "\#(fixture.responseURL)", "reservation_id": "999"}"#)
            #expect(unknown.data?["result"]?.string == "REJECTED")
        }
    }

    /// A tenant without a back-office link answers NOT_SUPPORTED; one whose back-office is down, REJECTED.
    @Test func withoutAReachableBackofficeNothingIsAccepted() async throws {
        try await LocationsApp.run { http, pool in
            let unlinked = try await CommandFixture.make(http, pool, link: false)
            defer { Task { await unlinked.stop() } }
            let notSupported = try await unlinked.send("START_SESSION", unlinked.startSession())
            #expect(notSupported.data?["result"]?.string == "NOT_SUPPORTED")

            let down = try await CommandFixture.make(http, pool)
            defer { Task { await down.stop() } }
            down.backoffice.answer(.init(status: .badGateway, code: 3000))
            let rejected = try await down.send("START_SESSION", down.startSession())
            #expect(rejected.data?["result"]?.string == "REJECTED")
            #expect(rejected.data?["message"]?[0]?["text"]?.string?.contains("could not be reached") == true)
            #expect(try await down.commands().map(\.state) == ["refused"])

            let unknownCommand = try await down.http.send(.post, "/ocpi/cpo/2.3.0/commands/SELF_DESTRUCT", token: down.emsp.token, body: "{}")
            #expect(unknownCommand.data?["result"]?.string == "NOT_SUPPORTED")
        }
    }
}

/// What the review of the Commands module asked to be proved: where results may go, who may post them, the CPO's
/// own cancel of a reservation, and unlocking during another EMSP's session.
@Suite struct CommandSafetyTests {
    /// A response_url on a host the connection is not known at is refused before anything is forwarded: the relay
    /// would present the EMSP's token there.
    @Test func aResponseURLElsewhereIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            let body = fixture.startSession().replacingOccurrences(of: fixture.responseURL, with: "https://collector.example/steal")
            let refused = try await fixture.send("START_SESSION", body)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("response_url"), "\(refused.message)")
            #expect(fixture.backoffice.calls.isEmpty)
        }
    }

    /// Only the tenant whose command it is may post its result; a peer may not.
    @Test func onlyTheCommandsTenantPostsItsResult() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            let (_, otherOwner) = try await TestDatabase.createTenant(pool)
            #expect(try await fixture.send("START_SESSION", fixture.startSession()).data?["result"]?.string == "ACCEPTED")
            let path = try CommandFixture.resultPath(try #require(fixture.backoffice.calls.first))
            #expect(try await http.send(.post, path, token: otherOwner, body: #"{"result": "ACCEPTED"}"#).status == .notFound)
            #expect(try await http.send(.post, path, token: fixture.emsp.token, body: #"{"result": "ACCEPTED"}"#).status == .notFound)
            let wrongCommand = path.replacingOccurrences(of: "/START_SESSION/", with: "/STOP_SESSION/")
            #expect(try await http.send(.post, wrongCommand, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#).status == .notFound)
            #expect(try await fixture.commands().map(\.state) == ["waiting"])
        }
    }

    /// The CPO cancels a reservation it accepted: CANCELED_RESERVATION reaches the EMSP's response_url too.
    @Test func aReservationTheCPOCancelsIsReported() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            #expect(try await fixture.send("RESERVE_NOW", fixture.reserveNow("R1")).data?["result"]?.string == "ACCEPTED")
            let path = try CommandFixture.resultPath(try #require(fixture.backoffice.calls.first))
            #expect(try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#).code == 1000)
            try await CommandFixture.relay(pool) { fixture.results.calls.count == 1 }
            let canceled = try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "CANCELED_RESERVATION"}"#)
            #expect(canceled.code == 1000)
            #expect(canceled.message.isEmpty, "relayed, not merely recorded: \(canceled.message)")
            try await CommandFixture.relay(pool) { fixture.results.calls.count == 2 }
            #expect(fixture.results.calls.map { $0.json["result"]?.string } == ["ACCEPTED", "CANCELED_RESERVATION"])
        }
    }

    /// UNLOCK_CONNECTOR is refused while another EMSP's session is live at the connector.
    @Test func noUnlockDuringAnotherEMSPsSession() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            let other = try await TokenFixture.emsp(pool, granted: [fixture.tenant])
            #expect(try await http.put(ChargeURL.session(fixture.tenant, "LIVE"), token: fixture.ownerToken, ChargeBodies.session(fixture.tenant, "LIVE", token: other.party)).status == .created)
            let unlock = #"{"response_url": "\#(fixture.responseURL)", "location_id": "LOC1", "evse_uid": "E1", "connector_id": "1"}"#
            let refused = try await fixture.send("UNLOCK_CONNECTOR", unlock)
            #expect(refused.data?["result"]?.string == "REJECTED", "\(refused.data ?? .null)")
            #expect(fixture.backoffice.calls.isEmpty)
        }
    }

    /// An EMSP that answers the relayed result with a refusal is not asked again.
    @Test func aRefusedRelayIsGivenUp() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool)
            defer { Task { await fixture.stop() } }
            #expect(try await fixture.send("START_SESSION", fixture.startSession()).data?["result"]?.string == "ACCEPTED")
            let path = try CommandFixture.resultPath(try #require(fixture.backoffice.calls.first))
            fixture.results.answer(.init(status: .badRequest, code: 2001))
            #expect(try await http.send(.post, path, token: fixture.ownerToken, body: #"{"result": "ACCEPTED"}"#).code == 1000)
            try await CommandFixture.relay(pool) { try await fixture.commands().map(\.relay) == ["failed"] }
            #expect(try await fixture.commands().map(\.relay) == ["failed"])
            #expect(fixture.results.calls.count == 1, "asked once")
        }
    }
}

/// `connect_backoffice.sql` and `list_commands.sql`, run through psql as an operator runs them.
@Suite struct CommandAdminScriptTests {
    @Test func theOperatorLinksABackofficeAndSeesItsCommands() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await CommandFixture.make(http, pool, link: false)
            defer { Task { await fixture.stop() } }
            let bad = try AdminScript.run(
                "connect_backoffice", ["country_code": fixture.tenant.countryCode, "party_id": fixture.tenant.partyID, "commands_url": "ftp://x", "token": "t"])
            #expect(!bad.succeeded)
            #expect(bad.stderr.contains("commands_url must be an http(s) URL"), "\(bad.stderr)")
            let linked = try AdminScript.run(
                "connect_backoffice",
                ["country_code": fixture.tenant.countryCode.lowercased(), "party_id": fixture.tenant.partyID,
                 "commands_url": fixture.backoffice.baseURL + "/ocpi/cpo/2.2.1/commands", "token": "backoffice-token"])
            #expect(linked.succeeded, "\(linked.stderr)")
            let tenants = try AdminScript.run("list_tenants")
            #expect(tenants.stdout.contains(fixture.backoffice.baseURL + "/ocpi/cpo/2.2.1/commands"))
            #expect(!tenants.stdout.contains("backoffice-token"), "the token is never shown")

            #expect(try await fixture.send("START_SESSION", fixture.startSession()).data?["result"]?.string == "ACCEPTED")
            let listed = try AdminScript.run("list_commands", ["tenant": fixture.tenant.description])
            #expect(listed.succeeded, "\(listed.stderr)")
            let rows = PushTests.CDRDeliveriesAdminScriptTests.rows(listed.stdout)
            let row = try #require(rows.first)
            #expect(rows.count == 1)
            #expect(row["command"] == "START_SESSION" && row["state"] == "waiting" && row["response"] == "ACCEPTED")
            #expect(row["subject"] == "LOC1/E1/1")
            #expect(row["emsp"] == fixture.emsp.party.description)
        }
    }
}
