import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A CDR is POSTed to its token's EMSP once: the answer records the delivery and where the EMSP keeps it, and
/// nothing (a resync, a delivery queued again) posts it a second time.
extension PushTests {
@Suite
struct CDRDeliveryTests {
    @Test func aNewCDRIsPostedOnceAndItsLocationRecorded() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.postCDR("CDR1", for: emsp.party)
            await worker.deliverPending()

            #expect(emsp.cdrPosts.count == 1)
            let posted = try #require(emsp.cdrPosts.first).json
            #expect(posted["id"]?.string == "CDR1")
            #expect(posted["country_code"]?.string == fixture.tenant.countryCode && posted["party_id"]?.string == fixture.tenant.partyID)
            #expect(posted["total_cost"]?["excl_vat"]?.number == 2.5, "2.2.1's shape, the peer's version")
            let delivery = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(delivery?.delivered == true)
            #expect(delivery?.confirmedBy == "post")
            #expect(delivery?.attempts == 1)
            #expect(delivery?.locationURL == emsp.location(of: 1, .sameOrigin))
            #expect(try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["delivered": 1])

            // A resync queues everything the peer may read, but not a CDR it has.
            let queued = try await pool.query("SELECT ocpi_push_resync(\(peer))").first!.decode(0, as: Int.self)
            #expect(queued == 0)
            await worker.deliverPending()
            #expect(emsp.cdrPosts.count == 1)

            // A delivery queued again all the same (a resync racing the first POST) is settled without a call.
            try await pool.query(
                """
                SELECT ocpi_record_change(\(fixture.tenant.countryCode), \(fixture.tenant.partyID), 'cdrs', 'CDR1', '{}', 'replaced', '{}', now(),
                                          true, true, NULL, \(emsp.party.countryCode), \(emsp.party.partyID))
                """)
            #expect(try await PushFixture.pending(pool, peer) == 1)
            await worker.deliverPending()
            #expect(try await PushFixture.pending(pool, peer) == 0)
            #expect(emsp.cdrPosts.count == 1, "posted once, whatever was queued")
            #expect(emsp.stored("CDR1") == 1)
            #expect(try await fixture.cdrDelivery(peer, "CDR1") == delivery, "the record stands as the POST's answer left it")
        }
    }

    /// A `Location` is kept only on the Receiver's own origin (a path is completed with it): a peer may not steer
    /// our later GETs to another host. Either way the CDR counts as delivered.
    @Test(arguments: [
        (ScriptedReceiver.LocationStyle.otherHost, false), (.pathOnly, true), (.none, false),
    ])
    func aLocationIsStoredOnlyOnTheReceiversOrigin(_ style: ScriptedReceiver.LocationStyle, kept: Bool) async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            emsp.behavior.location = style

            try await fixture.postCDR("CDR1", for: emsp.party)
            await PushFixture.worker(pool).deliverPending()

            let delivery = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(delivery?.delivered == true && delivery?.confirmedBy == "post")
            #expect(delivery?.locationURL == (kept ? emsp.location(of: 1, .sameOrigin) : nil))
            #expect(emsp.cdrPosts.count == 1)
        }
    }

    /// An EMSP that answers, and says no, did not take the CDR: nothing is in doubt, the delivery is settled as
    /// failed (the worker's rule for refusals, without backing the peer off), and the CDR is not posted again
    /// until something queues it anew (a resync), when it is.
    @Test(arguments: [(HTTPResponse.Status.ok, 2001), (.badRequest, 2001)])
    func aRefusedCDRIsNotInDoubt(_ status: HTTPResponse.Status, code: Int) async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)
            emsp.behavior.cdrFaults = [.refuse(status, code: code)]

            try await fixture.postCDR("CDR1", for: emsp.party)
            await worker.deliverPending()

            #expect(emsp.cdrPosts.count == 1)
            #expect(emsp.storedCDRs.isEmpty)
            let delivery = try #require(try await fixture.cdrDelivery(peer, "CDR1"))
            #expect(!delivery.attempted, "attempt cleared: nothing in doubt")
            #expect(!delivery.delivered && delivery.confirmedBy == nil && delivery.locationURL == nil)
            #expect(delivery.attempts == 1)
            #expect(try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["failed": 1])
            let error = try await pool.query(
                """
                SELECT d.last_error, pp.consecutive_failures FROM push_deliveries d JOIN push_peers pp USING (peer_id)
                 WHERE d.peer_id = \(peer) AND d.object_key = lower(\("cdrs/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)/CDR1"))
                """
            ).first
            #expect(try error?.decode(0, as: String?.self)?.contains("\(code)") == true, "the refusal is recorded on the delivery")
            #expect(try error?.decode(1, as: Int.self) == 0, "a refusal does not fail the peer")

            await worker.deliverPending()
            #expect(emsp.cdrPosts.count == 1, "not retried on its own")

            // A resync queues it again (the peer does not have it), and this time it is taken.
            #expect(try await pool.query("SELECT ocpi_push_resync(\(peer))").first!.decode(0, as: Int.self) == 1)
            await worker.deliverPending()
            #expect(emsp.cdrPosts.count == 2)
            #expect(emsp.stored("CDR1") == 1)
            let after = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(after?.delivered == true && after?.confirmedBy == "post" && after?.attempts == 2)
        }
    }
}
}
