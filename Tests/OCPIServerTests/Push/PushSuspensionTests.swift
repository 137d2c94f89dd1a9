import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A peer that is gone costs nothing and is visible: in resync it holds one pending delivery per object, after
/// `PUSH_SUSPEND_AFTER_HOURS` of failures it is suspended (no calls, no rows), and `resume_peer.sql` brings it back
/// with a full resync. A peer whose endpoints become known late gets everything it missed.
extension PushTests {
@Suite
struct SuspensionTests {
    static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// The `push` column of the peer's row in `list_peers.sql`.
    func pushState(_ peer: Int64) throws -> String {
        let outcome = try AdminScript.run("list_peers")
        #expect(outcome.succeeded, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(Self.trimmed) }
        guard let header = lines.first, let column = header.firstIndex(of: "push"),
            let row = lines.first(where: { $0.first == String(peer) }), row.count > column
        else { return "" }
        return row[column]
    }

    @Test func aThousandPatchesToAPeerInResyncLeaveOnePendingRow() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "BUSY", PushFixture.location("BUSY", evses: 2))
            fixture.emsp.behavior.failWith = .serviceUnavailable
            await PushFixture.worker(pool, resyncAfter: 1).deliverPending()
            #expect(try await pool.query("SELECT needs_resync FROM push_peers WHERE peer_id = \(fixture.peer)").first!.decode(0, as: Bool.self))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        for index in stride(from: lane, to: 1000, by: 4) {
                            let status = index % 2 == 0 ? "CHARGING" : "AVAILABLE"
                            try await fixture.patch(client, "BUSY/E\(index % 2 + 1)", #"{"status": "\#(status)"}"#)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await PushFixture.pending(pool, fixture.peer) == 1)

            fixture.emsp.behavior.failWith = nil
            try await pool.query("UPDATE push_peers SET next_attempt_at = '-infinity' WHERE peer_id = \(fixture.peer)")
            await PushFixture.worker(pool).deliverPending()
            let last = fixture.pushes.last { $0.header("Authorization") != nil && $0.method == "PUT" }
            let location = try PushFixture.json(last?.body ?? "{}")
            #expect(last?.path == fixture.path("BUSY"), "the resync sends the whole location")
            #expect(location["evses"]?[0]?["status"]?.string == "CHARGING")  // 998, the last even index, went to E1
            #expect(location["evses"]?[1]?["status"]?.string == "AVAILABLE")
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0)
        }
    }

    @Test func aPeerRefusingOurTokenForTooLongIsSuspendedUntilResumed() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            fixture.emsp.behavior.failWith = .forbidden
            try await fixture.put(client, "SITE", PushFixture.location("SITE"))
            await PushFixture.worker(pool).deliverPending()
            #expect(try await PushFixture.pending(pool, fixture.peer) == 1, "a 403 to our token is not a refusal of the object")
            #expect(try pushState(fixture.peer).contains("failing (token refused)"))

            // Failing for longer than PUSH_SUSPEND_AFTER_HOURS (72 by default).
            try await pool.query(
                "UPDATE push_peers SET first_failure_at = now() - interval '73 hours', next_attempt_at = '-infinity' WHERE peer_id = \(fixture.peer)")
            try await fixture.patch(client, "SITE/E1", #"{"status": "CHARGING"}"#)
            await PushFixture.worker(pool).deliverPending()
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0, "a suspended peer keeps no queue")
            #expect(try pushState(fixture.peer).contains("suspended (token refused)"))

            let calls = fixture.emsp.received.count
            try await fixture.patch(client, "SITE/E1", #"{"status": "BLOCKED"}"#)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0, "nothing is queued for a suspended peer")
            await PushFixture.worker(pool).deliverPending()
            #expect(fixture.emsp.received.count == calls, "and it is not called")

            fixture.emsp.behavior.failWith = nil
            let resumed = try AdminScript.run("resume_peer", ["peer_id": String(fixture.peer)])
            #expect(resumed.succeeded, "\(resumed.stderr)")
            #expect(resumed.stdout.contains("1 objects queued"))
            await PushFixture.worker(pool).deliverPending()
            let last = fixture.pushes.last
            #expect(last?.method == "PUT" && last?.path == fixture.path("SITE"))
            #expect(try PushFixture.json(last?.body ?? "{}")["evses"]?[0]?["status"]?.string == "BLOCKED")
            #expect(try pushState(fixture.peer) == "active")
        }
    }

    @Test func resumingAPeerNeedsItsId() throws {
        let missing = try AdminScript.run("resume_peer")
        #expect(!missing.succeeded)
        #expect(missing.stderr.contains("peer_id is required"))
        let unknown = try AdminScript.run("resume_peer", ["peer_id": "987654321"])
        #expect(!unknown.succeeded)
        #expect(unknown.stderr.contains("no peer connection has id 987654321"))
    }

    @Test func aPeerWhoseEndpointsBecomeKnownLateGetsTheCurrentState() async throws {
        try await TestApp.run { client, pool in
            let (tenant, ownerToken) = try await TestDatabase.createTenant(pool)
            let token = "late-\(UInt32.random(in: .min ... .max))"
            let emsp = try await CredentialsFixture.emsp(accepting: token)
            defer { Task { await emsp.stop() } }
            emsp.behavior.versions = ["2.2.1"]
            let fixture = PushFixture(tenant: tenant, ownerToken: ownerToken, emsp: emsp, tokenB: token, peer: 0, version: "2.2.1")
            try await fixture.put(client, "EARLY", PushFixture.location("EARLY", name: "Before Registration"))
            // Registered by hand while its server cannot answer: connected, but its endpoints are unknown.
            emsp.behavior.failWith = .serviceUnavailable
            let registered = try AdminScript.run(
                "register_peer",
                ["country_code": emsp.party.countryCode, "party_id": emsp.party.partyID, "role": "EMSP", "tenants": tenant.description,
                 "versions_url": emsp.versionsURL, "token": token])
            #expect(registered.succeeded, "\(registered.stderr)")
            let peer = try await pool.query("SELECT id FROM peer_connections WHERE versions_url = \(emsp.versionsURL)").first!.decode(0, as: Int64.self)
            let connector = PeerConnector(
                store: PeerStore(pool: pool), client: TestApp.peerClient, versionsURL: TestApp.publicURL + "/ocpi/versions", logger: TestDatabase.logger)
            try await connector.runOnce()
            #expect(try await pool.query("SELECT jsonb_array_length(coalesce(endpoints, '[]')) FROM peer_connections WHERE id = \(peer)").first!.decode(0, as: Int.self) == 0)

            // Changes in that window are queued for nobody…
            try await fixture.patch(client, "EARLY", #"{"name": "Changed While Unknown"}"#)
            try await fixture.put(client, "LATER", PushFixture.location("LATER"))
            #expect(try await PushFixture.pending(pool, peer) == 0)

            // …and reach it once its endpoints are known.
            emsp.behavior.failWith = nil
            try await pool.query("UPDATE peer_connections SET next_attempt_at = now() WHERE id = \(peer)")
            try await connector.runOnce()
            await PushFixture.worker(pool).deliverPending()
            let pushes = emsp.received.filter { $0.method == "PUT" && $0.path.contains("/locations/") }
            #expect(Set(pushes.map(\.path)) == [fixture.path("EARLY"), fixture.path("LATER")])
            #expect(try PushFixture.json(pushes.first { $0.path == fixture.path("EARLY") }?.body ?? "{}")["name"]?.string == "Changed While Unknown")
        }
    }
}
}
