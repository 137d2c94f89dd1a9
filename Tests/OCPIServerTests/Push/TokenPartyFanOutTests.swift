import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Two EMSPs at one tenant, both with Sessions and CDRs Receivers: each hears of its own drivers' sessions and CDRs
/// only, from live pushes and from a resync alike.
extension PushTests {
@Suite
struct TokenPartyFanOutTests {
    @Test func aSessionOrCDRReachesOnlyTheEMSPOfItsToken() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emspA, peerA) = try await fixture.receiver()
            defer { Task { await emspA.stop() } }
            let (emspB, peerB) = try await fixture.receiver()
            defer { Task { await emspB.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.putSession("SES-A", for: emspA.party, periods: [TokenPartyPushFixture.period("10:00", kwh: "1")], kwh: "1")
            await worker.deliverPending()
            try await fixture.appendPeriods("SES-A", [TokenPartyPushFixture.period("10:15", kwh: "1")], kwh: "2")
            try await fixture.postCDR("CDR-A", for: emspA.party)
            try await fixture.putSession("SES-B", for: emspB.party)
            await worker.deliverPending()

            let toA = emspA.received.map { "\($0.method) \($0.path)" }
            let toB = emspB.received.map { "\($0.method) \($0.path)" }
            let sessions = "/ocpi/emsp/2.2.1/sessions/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)"
            #expect(toA.count == 3 && Set(toA) == ["PUT \(sessions)/SES-A", "PATCH \(sessions)/SES-A", "POST /ocpi/emsp/2.2.1/cdrs"])
            #expect(toB == ["PUT \(sessions)/SES-B"], "B hears of its own session, and of nothing of A's")
            #expect(emspA.storedCDRs.map(\.id) == ["CDR-A"])
            #expect(emspB.storedCDRs.isEmpty)

            // Nothing of A's was even queued for B, nor recorded as sent to it.
            #expect(try await fixture.deliveries(peerB, module: "sessions", "SES-A").isEmpty)
            #expect(try await fixture.deliveries(peerB, module: "cdrs", "CDR-A").isEmpty)
            #expect(try await fixture.deliveries(peerA, module: "sessions", "SES-B").isEmpty)
            #expect(try await fixture.cdrDeliveryPeers("CDR-A") == [peerA])

            // A resync of B sends it what is B's, and still nothing of A's.
            let queued = try await pool.query("SELECT ocpi_push_resync(\(peerB))").first!.decode(0, as: Int.self)
            #expect(queued == 1, "SES-B only")
            await worker.deliverPending()
            #expect(emspB.received.map { "\($0.method) \($0.path)" } == ["PUT \(sessions)/SES-B", "PUT \(sessions)/SES-B"])
            #expect(emspB.storedCDRs.isEmpty)
            #expect(try await fixture.cdrDeliveryPeers("CDR-A") == [peerA])
        }
    }
}
}
