import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

import Foundation

/// A push never shows a peer what a pull hides: a peer is pushed a location only while it may read it by GET, gets
/// one last PUT (marked unpublished) when it is hidden, nothing while it stays hidden, and a full PUT when it is
/// shown again.
extension PushTests {
@Suite
struct VisibilityTests {
    static func hidden(_ id: String, name: String = "Private Depot") -> String {
        PushFixture.location(id, name: name).replacingOccurrences(of: #""publish": true"#, with: #""publish": false"#)
    }

    @Test func anUnpublishedLocationAndItsEVSEChangesReachNoPeer() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool)
            try await fixture.put(client, "DEPOT", Self.hidden("DEPOT"))
            try await fixture.patch(client, "DEPOT/E1", #"{"status": "CHARGING"}"#)
            try await fixture.put(client, "DEPOT/E1/2", #"{"id": "2", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC", "max_voltage": 500, "max_amperage": 125}"#)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0, "nothing is even queued for a location no peer may read")
            await worker.deliverPending()
            #expect(fixture.pushes.isEmpty)
        }
    }

    @Test func publishingSendsOneFullPutAndUnpublishingOneFinalPutThenNothing() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool)
            try await fixture.put(client, "SITE", Self.hidden("SITE", name: "Before Publishing"))
            try await fixture.patch(client, "SITE/E1", #"{"status": "CHARGING"}"#)
            await worker.deliverPending()
            #expect(fixture.pushes.isEmpty)

            // Published by a PATCH of one field: the peer has never seen it, so it gets the whole location.
            try await fixture.patch(client, "SITE", #"{"publish": true}"#)
            await worker.deliverPending()
            #expect(fixture.pushes.map { "\($0.method) \($0.path)" } == ["PUT \(fixture.path("SITE"))"])
            let shown = try PushFixture.json(fixture.pushes.last?.body ?? "{}")
            #expect(shown["publish"] == .bool(true))
            #expect(shown["name"]?.string == "Before Publishing")
            #expect(shown["evses"]?[0]?["status"]?.string == "CHARGING")

            try await fixture.patch(client, "SITE/E1", #"{"status": "AVAILABLE"}"#)
            await worker.deliverPending()
            #expect(fixture.pushes.count == 2, "a visible location's changes are pushed as usual")

            // Hidden again, and renamed in the same write: the peer gets what it had, marked unpublished.
            try await fixture.patch(client, "SITE", #"{"publish": false, "name": "Secret Name"}"#)
            try await fixture.patch(client, "SITE/E1", #"{"status": "BLOCKED"}"#)
            try await fixture.patch(client, "SITE", #"{"address": "Hidden Lane 7"}"#)
            await worker.deliverPending()
            let afterHiding = fixture.pushes
            #expect(afterHiding.map { "\($0.method) \($0.path)" }.suffix(1) == ["PUT \(fixture.path("SITE"))"])
            #expect(afterHiding.count == 3, "one final PUT, then nothing")
            let final = try PushFixture.json(afterHiding.last?.body ?? "{}")
            #expect(final["publish"] == .bool(false))
            #expect(final["publish_allowed_to"] == nil)
            #expect(final["name"]?.string == "Before Publishing", "nothing written while hiding it leaks")
            #expect(final["address"]?.string == "Stationsplein 1")
            #expect(final["evses"]?[0]?["status"]?.string == "AVAILABLE")
            #expect(final["last_updated"] != shown["last_updated"], "the final PUT is newer than what the peer has")
            #expect(!afterHiding.contains { $0.body.contains("Secret Name") || $0.body.contains("Hidden Lane") || $0.body.contains("BLOCKED") })
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0)

            // Shown again: the whole current location.
            try await fixture.patch(client, "SITE", #"{"publish": true}"#)
            await worker.deliverPending()
            #expect(fixture.pushes.count == 4)
            let again = try PushFixture.json(fixture.pushes.last?.body ?? "{}")
            #expect(fixture.pushes.last?.method == "PUT")
            #expect(again["name"]?.string == "Secret Name")
            #expect(again["evses"]?[0]?["status"]?.string == "BLOCKED")
        }
    }

    @Test func aLocationHiddenBeforeItsChangesWentOutSendsOnlyTheFinalPut() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool)
            try await fixture.put(client, "SITE", PushFixture.location("SITE"))
            await worker.deliverPending()
            #expect(fixture.pushes.count == 1)
            // Queued while visible, but hidden before the worker came round: the EVSE's PATCH must not go out
            // rendered from a location that is now private.
            try await fixture.patch(client, "SITE/E1", #"{"status": "CHARGING"}"#)
            try await fixture.patch(client, "SITE", #"{"publish": false}"#)
            try await fixture.patch(client, "SITE/E1", #"{"status": "OUTOFORDER"}"#)
            await worker.deliverPending()
            let later = Array(fixture.pushes.dropFirst())
            #expect(later.map { "\($0.method) \($0.path)" } == ["PUT \(fixture.path("SITE"))"])
            let final = try PushFixture.json(later.last?.body ?? "{}")
            #expect(final["publish"] == .bool(false))
            #expect(!later.contains { $0.body.contains("OUTOFORDER") })
        }
    }

    @Test func aPeerMarkedForResyncIsPushedOnlyWhatItMayRead() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "OPEN", PushFixture.location("OPEN"))
            try await fixture.put(client, "DEPOT", Self.hidden("DEPOT"))
            try await pool.query("UPDATE push_peers SET needs_resync = true WHERE peer_id = \(fixture.peer)")
            let queued = try await pool.query("SELECT ocpi_push_resync(\(fixture.peer))").first!.decode(0, as: Int.self)
            #expect(queued == 1, "the resync covers the shared location only")
            await PushFixture.worker(pool).deliverPending()
            #expect(Set(fixture.pushes.map(\.path)) == [fixture.path("OPEN")])
        }
    }

    /// A peer in resync holds one pending delivery per location. When the location is hidden while that delivery is
    /// being sent, the hiding gets a delivery of its own: the send in flight cannot settle it away.
    @Test func aLocationHiddenWhileItsResyncIsInFlightStillGetsItsFinalPut() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "SITE", PushFixture.location("SITE"))
            await PushFixture.worker(pool).deliverPending()
            try await pool.query("UPDATE push_peers SET needs_resync = true WHERE peer_id = \(fixture.peer)")
            try await fixture.patch(client, "SITE/E1", #"{"status": "CHARGING"}"#)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 1)

            let stall = LeaseTests.Stall()
            let pass = Task { await LeaseTests.worker(pool, lease: .seconds(30), stall: stall).deliverPending() }
            await stall.waitUntilReached()  // it holds the resync delivery, read before the hiding
            try await fixture.patch(client, "SITE", #"{"publish": false}"#)
            stall.release.continuation.yield()
            await pass.value

            let last = fixture.pushes.last
            #expect(last?.method == "PUT" && last?.path == fixture.path("SITE"))
            #expect(try PushFixture.json(last?.body ?? "{}")["publish"] == .bool(false), "the final PUT went out")
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0)
        }
    }

    /// A peer suspended while a location is hidden keeps that location's last PUT, and gets it once resumed.
    @Test func aSuspendedPeerStillGetsTheFinalPutOfALocationHiddenMeanwhile() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "SITE", PushFixture.location("SITE"))
            try await fixture.put(client, "OTHER", PushFixture.location("OTHER"))
            await PushFixture.worker(pool).deliverPending()
            try await pool.query("UPDATE push_peers SET suspended_at = now() WHERE peer_id = \(fixture.peer)")

            try await fixture.patch(client, "OTHER/E1", #"{"status": "CHARGING"}"#)
            try await fixture.patch(client, "SITE", #"{"publish": false}"#)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 1, "only the hiding is kept for a suspended peer")
            let calls = fixture.emsp.received.count
            await PushFixture.worker(pool).deliverPending()
            #expect(fixture.emsp.received.count == calls, "a suspended peer is not called")

            let resumed = try AdminScript.run("resume_peer", ["peer_id": String(fixture.peer)])
            #expect(resumed.succeeded, "\(resumed.stderr)")
            await PushFixture.worker(pool).deliverPending()
            let after = fixture.pushes.dropFirst(2)
            let site = after.first { $0.path == fixture.path("SITE") }
            #expect(site?.method == "PUT")
            #expect(try PushFixture.json(site?.body ?? "{}")["publish"] == .bool(false))
            #expect(try PushFixture.json(after.first { $0.path == fixture.path("OTHER") }?.body ?? "{}")["evses"]?[0]?["status"]?.string == "CHARGING")
        }
    }
}
}
