import HTTPTypes
import HummingbirdTesting
import NIOCore
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

/// Push tests run one at a time: a worker claims every peer with due deliveries in the database, other tests'
/// included, so two tests' workers would deliver each other's changes.
@Suite(.serialized, .timeLimit(.minutes(1)))
enum PushTests {}

extension PushTests {
/// Every change a tenant makes reaches the connected EMSPs granted that tenant, in the spec's shapes and in order.
@Suite
struct DeliveryTests {
    @Test func everyKindOfChangeArrivesWithTheRightMethodURLBodyAndHeaders() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool)

            try await fixture.put(client, "LOC1", PushFixture.location("LOC1"))
            await worker.deliverPending()
            try await fixture.patch(client, "LOC1/E1", #"{"status": "CHARGING"}"#)
            await worker.deliverPending()
            try await fixture.put(client, "LOC1/E1/2", #"{"id": "2", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC", "max_voltage": 500, "max_amperage": 125}"#)
            await worker.deliverPending()
            try await fixture.patch(client, "LOC1/E1/1", #"{"tariff_ids": ["T2"]}"#)
            await worker.deliverPending()
            try await fixture.patch(client, "LOC1", #"{"name": "Renamed Site"}"#)
            await worker.deliverPending()

            let pushes = fixture.pushes
            #expect(pushes.map { "\($0.method) \($0.path)" } == [
                "PUT \(fixture.path("LOC1"))",
                "PATCH \(fixture.path("LOC1", "E1"))",
                "PUT \(fixture.path("LOC1", "E1", "2"))",
                "PATCH \(fixture.path("LOC1", "E1", "1"))",
                "PATCH \(fixture.path("LOC1"))",
            ])
            guard pushes.count == 5 else { return }
            let location = try PushFixture.json(pushes[0].body)
            #expect(location["id"]?.string == "LOC1")
            #expect(location["evses"]?[0]?["uid"]?.string == "E1")
            #expect(location["time_zone"]?.string == "Europe/Amsterdam")
            #expect(Set(try PushFixture.json(pushes[1].body).keys) == ["status", "last_updated"])
            #expect(try PushFixture.json(pushes[1].body)["status"]?.string == "CHARGING")
            #expect(try PushFixture.json(pushes[2].body)["standard"]?.string == "CHADEMO")
            #expect(Set(try PushFixture.json(pushes[3].body).keys) == ["tariff_ids", "last_updated"])
            #expect(Set(try PushFixture.json(pushes[4].body).keys) == ["name", "last_updated"])
            for push in pushes {
                #expect(push.header("Authorization") == "Token " + Data(fixture.tokenB.utf8).base64EncodedString())
                #expect(push.header("OCPI-from-country-code") == fixture.tenant.countryCode)
                #expect(push.header("OCPI-from-party-id") == fixture.tenant.partyID)
                #expect(push.header("OCPI-to-country-code") == "NL")
                #expect(push.header("OCPI-to-party-id") == "EMS")
                #expect(push.header("Content-Type") == "application/json")
                #expect(push.header("X-Request-ID") != nil && push.header("X-Correlation-ID") != nil)
            }
            #expect(Set(pushes.compactMap { $0.header("X-Request-ID") }).count == 5, "a fresh request id per call")
            let pending = try await pool.query(
                "SELECT count(*) FROM push_deliveries WHERE peer_id = \(fixture.peer) AND state = 'pending'").first!.decode(0, as: Int.self)
            #expect(pending == 0)
        }
    }

    @Test func a2_2_1PeerGetsNo2_3_0Fields() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool, version: "2.2.1")
            defer { Task { await fixture.emsp.stop() } }
            var body = PushFixture.location("HELP")
            body.removeLast()
            body += #", "help_phone": "+31301234567"}"#
            try await fixture.put(client, "HELP", body, version: "2.3.0")
            await PushFixture.worker(pool).deliverPending()
            let pushed = try PushFixture.json(try #require(fixture.pushes.first).body)
            #expect(pushed["id"]?.string == "HELP")
            #expect(pushed["help_phone"] == nil)
        }
    }

    /// A PATCH whose changed field the peer's version cannot show (a 2.3.0 parking_type 2.2.1 lacks) reaches a 2.2.1
    /// peer as a PUT of the whole location, so that the peer does not keep the old value; a 2.3.0 peer gets the PATCH.
    @Test func aChangeA2_2_1PeerCannotShowIsSentAsAWholeLocation() async throws {
        try await TestApp.run { client, pool in
            let old = try await PushFixture.make(pool, version: "2.2.1")
            defer { Task { await old.emsp.stop() } }
            let tokenB = "push-b-\(UInt32.random(in: .min ... .max))"
            let newer = try await CredentialsFixture.emsp(accepting: tokenB)
            defer { Task { await newer.stop() } }
            _ = try await PushFixture.connectedPeer(pool, emsp: newer, token: tokenB, tenants: old.tenant.description, version: "2.3.0")

            var body = PushFixture.location("ROOF")
            body.removeLast()
            body += #", "parking_type": "ON_STREET"}"#
            try await old.put(client, "ROOF", body)
            await PushFixture.worker(pool).deliverPending()
            try await old.patch(client, "ROOF", #"{"parking_type": "ROOFTOP"}"#, version: "2.3.0")
            await PushFixture.worker(pool).deliverPending()

            let toOld = old.pushes
            #expect(toOld.map(\.method) == ["PUT", "PUT"])
            let replaced = try PushFixture.json(try #require(toOld.last).body)
            #expect(replaced["id"]?.string == "ROOF")
            #expect(replaced["parking_type"] == nil, "ROOFTOP is not a 2.2.1 ParkingType")
            let toNew = newer.received.filter { $0.path.contains("/locations/") }
            #expect(toNew.map(\.method) == ["PUT", "PATCH"])
            let patched = try PushFixture.json(try #require(toNew.last).body)
            #expect(Set(patched.keys) == ["parking_type", "last_updated"])
            #expect(patched["parking_type"]?.string == "ROOFTOP")
        }
    }

    @Test func aRefusedOrRolledBackChangeIsNeverSent() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "LOC1", PushFixture.location("LOC1"))
            let events = { try await pool.query(
                "SELECT count(*) FROM outbox_events WHERE country_code = \(fixture.tenant.countryCode) AND party_id = \(fixture.tenant.partyID)").first!.decode(0, as: Int.self) }
            #expect(try await events() == 1)
            // Refused by validation, and stale: no event.
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/locations/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)/LOC1/E1", method: .patch,
                headers: .token(fixture.ownerToken), body: ByteBuffer(string: #"{"status": "NOT_A_STATUS"}"#)
            ) { _ in }
            try await client.execute(
                uri: "/ocpi/cpo/2.2.1/locations/\(fixture.tenant.countryCode)/\(fixture.tenant.partyID)/LOC1/E1", method: .patch,
                headers: .token(fixture.ownerToken), body: ByteBuffer(string: #"{"status": "BLOCKED", "last_updated": "2001-01-01T00:00:00Z"}"#)
            ) { _ in }
            // A transaction that records a change and then fails.
            struct Abort: Error {}
            _ = try? await pool.withTransaction { transaction in
                try await OutboxRecorder().record(
                    ObjectChange(
                        module: .locations, address: ObjectAddress(tenant: fixture.tenant, ids: ["LOC1"]), kind: .replaced, lastUpdated: .now(),
                        visibility: .init(before: true, after: true)),
                    in: transaction)
                throw Abort()
            }
            #expect(try await events() == 1)
            await PushFixture.worker(pool).deliverPending()
            #expect(fixture.pushes.count == 1)
        }
    }

    @Test func aPeerNotGrantedTheTenantGetsNothing() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let (other, _) = try await TestDatabase.createTenant(pool)
            let outsiderToken = "outsider-\(UInt32.random(in: .min ... .max))"
            let outsider = try await CredentialsFixture.emsp(accepting: outsiderToken, party: "OUT")
            defer { Task { await outsider.stop() } }
            _ = try await PushFixture.connectedPeer(pool, emsp: outsider, token: outsiderToken, tenants: other.description, version: "2.2.1")
            try await fixture.put(client, "LOC1", PushFixture.location("LOC1"))
            await PushFixture.worker(pool).deliverPending()
            #expect(fixture.pushes.count == 1)
            #expect(outsider.received.isEmpty)
        }
    }

    @Test func aPatchOfAnUnknownObjectIsFollowedByAPut() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "LOC1", PushFixture.location("LOC1"))
            await PushFixture.worker(pool).deliverPending()
            fixture.emsp.behavior.unknownOnPatch = true
            try await fixture.patch(client, "LOC1/E1", #"{"status": "OUTOFORDER"}"#)
            await PushFixture.worker(pool).deliverPending()
            let pushes = fixture.pushes.dropFirst()
            #expect(pushes.map { "\($0.method) \($0.path)" } == ["PATCH \(fixture.path("LOC1", "E1"))", "PUT \(fixture.path("LOC1", "E1"))"])
            #expect(try PushFixture.json(pushes.last?.body ?? "{}")["status"]?.string == "OUTOFORDER")
            #expect(try PushFixture.json(pushes.last?.body ?? "{}")["connectors"]?.array?.count == 1, "the whole EVSE")
        }
    }
}
}
