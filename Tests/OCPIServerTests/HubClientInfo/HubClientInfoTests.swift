import Foundation
import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A Hub connection tells the platform about the parties behind it (`PUT /hubclientinfo/{country_code}/{party_id}`),
/// and reads back what it said; only a Hub may. A party it reports OFFLINE or SUSPENDED is pushed no sessions or
/// CDRs through it until it is CONNECTED again, and then gets what it missed.
@Suite struct HubClientInfoTests {
    static func url(_ party: TenantID, version: String = "2.2.1") -> String {
        "/ocpi/cpo/\(version)/hubclientinfo/\(party.countryCode)/\(party.partyID)"
    }

    static func info(_ party: TenantID, status: String, at time: String, role: String = "EMSP") -> String {
        #"{"party_id": "\#(party.partyID)", "country_code": "\#(party.countryCode)", "role": "\#(role)", "status": "\#(status)", "last_updated": "\#(time)"}"#
    }

    /// A connection with the HUB role (and one EMSP party behind it).
    static func hub(_ pool: PGPool, granted: [TenantID]) async throws -> (token: String, party: TenantID) {
        let emsp = try await Loc.peerWithParty(pool, granted: granted)
        let hub = TestDatabase.uniqueTenant()
        try await pool.query(
            """
            INSERT INTO peer_roles (peer_id, role, country_code, party_id)
            SELECT peer_id, 'HUB', \(hub.countryCode), \(hub.partyID) FROM peer_roles WHERE country_code = \(emsp.party.countryCode) AND party_id = \(emsp.party.partyID)
            """)
        return emsp
    }

    @Test func aHubPutsAndReadsItsClientInfo() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, owner) = try await TestDatabase.createTenant(pool)
            let hub = try await Self.hub(pool, granted: [tenant])
            let behind = TestDatabase.uniqueTenant()

            let created = try await http.put(Self.url(behind), token: hub.token, Self.info(behind, status: "CONNECTED", at: "2026-06-01T00:00:00Z"))
            #expect(created.status == .created)
            #expect(created.code == 1000)
            let read = try await http.get(Self.url(behind, version: "2.3.0"), token: hub.token)
            #expect(read.data?["status"]?.string == "CONNECTED")
            #expect(read.data?["party_id"]?.string == behind.partyID)

            let offline = try await http.put(Self.url(behind), token: hub.token, Self.info(behind, status: "OFFLINE", at: "2026-06-02T00:00:00Z"))
            #expect(offline.status == .ok)
            let stale = try await http.put(Self.url(behind), token: hub.token, Self.info(behind, status: "CONNECTED", at: "2026-06-01T12:00:00Z"))
            #expect(stale.code == 2001)
            #expect(try await http.get(Self.url(behind), token: hub.token).data?["status"]?.string == "OFFLINE")

            let other = TestDatabase.uniqueTenant()
            let mismatch = try await http.put(Self.url(other), token: hub.token, Self.info(behind, status: "CONNECTED", at: "2026-06-03T00:00:00Z"))
            #expect(mismatch.code == 2001)
            let invalid = try await http.put(Self.url(behind), token: hub.token, Self.info(behind, status: "ASLEEP", at: "2026-06-03T00:00:00Z"))
            #expect(invalid.code == 2001)
            #expect(invalid.message.contains("status"), "\(invalid.message)")

            let emsp = try await Loc.peerWithParty(pool, granted: [tenant])
            #expect(try await http.put(Self.url(behind), token: emsp.token, Self.info(behind, status: "CONNECTED", at: "2026-06-04T00:00:00Z")).status == .notFound)
            #expect(try await http.get(Self.url(behind), token: emsp.token).status == .notFound, "only the Hub that said it reads it")
            #expect(try await http.get(Self.url(behind), token: owner).status == .methodNotAllowed)

            let listed = try AdminScript.run("list_peers")
            #expect(listed.stdout.contains("\(behind.description) EMSP OFFLINE"), "list_peers shows the Hub's parties")
        }
    }

    /// A party the Hub reports OFFLINE gets no session pushed through it; back to CONNECTED, it gets the session.
    @Test func anOfflinePartyIsPushedNothingUntilItIsConnectedAgain() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            try await pool.query("INSERT INTO peer_roles (peer_id, role, country_code, party_id) VALUES (\(peer), 'HUB', 'ZZ', 'HUB')")
            let store = HubClientInfoStore(pool: pool)
            let hub = PeerID(rawValue: peer)
            func report(_ status: ConnectionStatus, _ time: String) async throws {
                let info = ClientInfo(
                    partyID: emsp.party.partyID, countryCode: emsp.party.countryCode, role: .emsp, status: status, lastUpdated: DateTime(time)!)
                _ = try await store.put(info, from: hub)
            }
            let worker = PushFixture.worker(pool)

            try await report(.offline, "2026-06-01T00:00:00Z")
            try await fixture.putSession("SES-OFF", for: emsp.party)
            await worker.deliverPending()
            #expect(emsp.sessionCalls.isEmpty, "nothing is routed through the Hub to an offline party")
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES-OFF").isEmpty)

            try await report(.connected, "2026-06-02T00:00:00Z")
            try await TokenPartyPushFixture.deliver(worker) { !emsp.sessionCalls.isEmpty }
            #expect(emsp.sessionCalls.map(\.method) == ["PUT"])
            #expect(emsp.sessionCalls.first?.json["id"]?.string == "SES-OFF", "the session it missed")
        }
    }

    /// A ClientInfo stamped far ahead of the platform's clock is refused: it could never be corrected.
    @Test func aClientInfoFromTheFutureIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let hub = try await Self.hub(pool, granted: [tenant])
            let behind = TestDatabase.uniqueTenant()
            let future = try await http.put(Self.url(behind), token: hub.token, Self.info(behind, status: "OFFLINE", at: "2099-01-01T00:00:00Z"))
            #expect(future.code == 2001)
            #expect(future.message.contains("ahead"), "\(future.message)")
            #expect(try await http.get(Self.url(behind), token: hub.token).status == .notFound)
        }
    }

    /// Back from OFFLINE to PLANNED (no longer blocked), a party gets what it missed, and only that party's
    /// sessions are sent again: the Hub's other party is not resynced.
    @Test func onlyTheReturningPartyIsSentWhatItMissed() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let other = TestDatabase.uniqueTenant()
            try await pool.query("INSERT INTO peer_roles (peer_id, role, country_code, party_id) VALUES (\(peer), 'HUB', 'ZZ', 'HUB')")
            try await pool.query(
                "UPDATE peer_connections SET reader_parties = ARRAY[\(emsp.party.description), \(other.description)] WHERE id = \(peer)")
            let store = HubClientInfoStore(pool: pool)
            func report(_ party: TenantID, _ status: ConnectionStatus, _ time: String) async throws {
                let info = ClientInfo(partyID: party.partyID, countryCode: party.countryCode, role: .emsp, status: status, lastUpdated: DateTime(time)!)
                _ = try await store.put(info, from: PeerID(rawValue: peer))
            }
            let worker = PushFixture.worker(pool)
            try await fixture.putSession("SES-OTHER", for: other)
            try await TokenPartyPushFixture.deliver(worker) { !emsp.sessionCalls.isEmpty }
            let delivered = try await fixture.deliveries(peer, module: "sessions", "SES-OTHER")

            try await report(emsp.party, .offline, "2026-06-01T00:00:00Z")
            try await fixture.putSession("SES-MISSED", for: emsp.party)
            await worker.deliverPending()
            #expect(!emsp.sessionCalls.contains { $0.json["id"]?.string == "SES-MISSED" })

            try await report(emsp.party, .planned, "2026-06-02T00:00:00Z")
            try await TokenPartyPushFixture.deliver(worker) { emsp.sessionCalls.contains { $0.json["id"]?.string == "SES-MISSED" } }
            #expect(emsp.sessionCalls.contains { $0.json["id"]?.string == "SES-MISSED" })
            #expect(try await fixture.deliveries(peer, module: "sessions", "SES-OTHER") == delivered, "the other party is not resynced")
        }
    }
}
