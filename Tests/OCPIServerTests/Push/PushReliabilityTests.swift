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

/// Nothing is lost: a peer that is down gets everything once back, a stopped worker's work is resumed, two workers
/// deliver each change once, and a dead peer does not delay a healthy one.
extension PushTests {
@Suite
struct ReliabilityTests {
    /// Runs the worker until the peer has nothing pending (back-offs included), at most `limit`.
    func deliverUntilDone(_ worker: PushWorker, _ pool: PGPool, peer: Int64, limit: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + limit
        while try await PushFixture.pending(pool, peer) > 0, ContinuousClock.now < deadline {
            await worker.deliverPending()
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func aPeerDownForAWhileGetsEverythingOnceBack() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool)
            fixture.emsp.behavior.failWith = .serviceUnavailable
            try await fixture.put(client, "LOC1", PushFixture.location("LOC1", evses: 2))
            await worker.deliverPending()
            let failed = try await pool.query(
                "SELECT consecutive_failures, next_attempt_at >= last_error_at + interval '0.5 seconds', last_error FROM push_peers WHERE peer_id = \(fixture.peer)").first!
            #expect(try failed.decode(0, as: Int.self) == 1)
            #expect(try failed.decode(1, as: Bool.self), "backed off by at least the first step")
            #expect(try failed.decode(2, as: String?.self)?.contains("503") == true)
            try await fixture.patch(client, "LOC1/E1", #"{"status": "CHARGING"}"#)
            try await fixture.patch(client, "LOC1/E2", #"{"status": "BLOCKED"}"#)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 3)

            fixture.emsp.behavior.failWith = nil
            try await deliverUntilDone(worker, pool, peer: fixture.peer)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0)
            let arrived = fixture.pushes.filter { $0.header("Authorization") != nil && !$0.body.isEmpty }
            let last = { (path: String) in arrived.last { $0.path == path } }
            #expect(try PushFixture.json(last(fixture.path("LOC1", "E1"))?.body ?? "{}")["status"]?.string == "CHARGING")
            #expect(try PushFixture.json(last(fixture.path("LOC1", "E2"))?.body ?? "{}")["status"]?.string == "BLOCKED")
            let listed = try AdminScript.run("list_peers")
            #expect(listed.succeeded && listed.stdout.contains("pending"))
        }
    }

    @Test func aPeerThatKeepsFailingIsResyncedWithWholeLocations() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            let worker = PushFixture.worker(pool, resyncAfter: 2)
            fixture.emsp.behavior.failWith = .badGateway
            try await fixture.put(client, "LOC1", PushFixture.location("LOC1"))
            try await fixture.patch(client, "LOC1/E1", #"{"status": "CHARGING"}"#)
            try await fixture.put(client, "LOC2", PushFixture.location("LOC2"))
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                await worker.deliverPending()
                if try await pool.query("SELECT needs_resync FROM push_peers WHERE peer_id = \(fixture.peer)").first!.decode(0, as: Bool.self) { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let resync = try await pool.query(
                "SELECT count(*) FILTER (WHERE resync), count(*) FROM push_deliveries WHERE peer_id = \(fixture.peer) AND state = 'pending'").first!
            #expect(try resync.decode(0, as: Int.self) == 2, "one full PUT per affected location")
            #expect(try resync.decode(1, as: Int.self) == 2)
            fixture.emsp.behavior.failWith = nil
            try await deliverUntilDone(worker, pool, peer: fixture.peer)
            let delivered = fixture.pushes.filter { $0.method == "PUT" || $0.method == "PATCH" }.suffix(2)
            #expect(Set(delivered.map { "\($0.method) \($0.path)" }) == ["PUT \(fixture.path("LOC1"))", "PUT \(fixture.path("LOC2"))"])
            #expect(try await pool.query("SELECT needs_resync FROM push_peers WHERE peer_id = \(fixture.peer)").first!.decode(0, as: Bool.self) == false)
        }
    }

    @Test func twoWorkersDeliverEachChangeOnce() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            for index in 1...6 {
                try await fixture.put(client, "SITE\(index)", PushFixture.location("SITE\(index)"))
            }
            let first = PushFixture.worker(pool)
            let second = PushFixture.worker(pool)
            async let a: Void = first.deliverPending()
            async let b: Void = second.deliverPending()
            _ = await (a, b)
            let paths = fixture.pushes.map(\.path)
            #expect(paths.count == 6)
            #expect(Set(paths).count == 6, "no change delivered twice")
        }
    }

    @Test func aStoppedWorkersWorkIsResumed() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            fixture.emsp.behavior.delay = .milliseconds(700)
            for index in 1...3 {
                try await fixture.put(client, "SITE\(index)", PushFixture.location("SITE\(index)"))
            }
            let stopped = PushFixture.worker(pool, lease: .seconds(1))
            let running = Task { try await stopped.run() }
            try await Task.sleep(for: .milliseconds(300))
            running.cancel()  // mid-delivery, lease held
            _ = try? await running.value
            fixture.emsp.behavior.delay = nil
            // A fresh worker (a restarted instance) picks the peer up once the lease expires.
            try await deliverUntilDone(PushFixture.worker(pool), pool, peer: fixture.peer)
            #expect(try await PushFixture.pending(pool, fixture.peer) == 0)
            #expect(Set(fixture.pushes.map(\.path)) == Set((1...3).map { fixture.path("SITE\($0)") }))
        }
    }

    @Test func aDeadPeerDoesNotDelayAHealthyOne() async throws {
        try await TestApp.run { client, pool in
            let healthy = try await PushFixture.make(pool)
            defer { Task { await healthy.emsp.stop() } }
            let deadToken = "dead-\(UInt32.random(in: .min ... .max))"
            let dead = try await CredentialsFixture.emsp(accepting: deadToken, party: "DED")
            defer { Task { await dead.stop() } }
            dead.behavior.delay = .seconds(10)  // longer than the client's timeout
            _ = try await PushFixture.connectedPeer(pool, emsp: dead, token: deadToken, tenants: healthy.tenant.description, version: "2.2.1")
            try await healthy.put(client, "LOC1", PushFixture.location("LOC1"))
            let worker = PushFixture.worker(pool)
            let started = ContinuousClock.now
            let run = Task { await worker.deliverPending() }
            while healthy.pushes.isEmpty, ContinuousClock.now - started < .seconds(5) {
                try await Task.sleep(for: .milliseconds(20))
            }
            let healthyArrival = ContinuousClock.now - started
            #expect(!healthy.pushes.isEmpty)
            #expect(healthyArrival < .seconds(2), "the healthy peer got its change while the dead one was still timing out")
            await run.value
        }
    }
}
}
