import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Synchronization
import Testing
import TestSupport

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Leases are short, renewed and fenced: a worker that stalls past its lease sends and settles nothing more, and
/// another worker resumes its peer within about one lease.
extension PushTests {
@Suite
struct LeaseTests {
    /// A `beforeSending` hook that holds the first batch until released, and says when it got there.
    final class Stall: Sendable {
        let reached = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        private let calls = Mutex(0)

        var hook: @Sendable (PeerID) async -> Void {
            { _ in
                guard self.calls.withLock({ calls in calls += 1; return calls == 1 }) else { return }
                self.reached.continuation.yield()
                for await _ in self.release.stream { break }
            }
        }

        func waitUntilReached() async {
            for await _ in reached.stream { break }
        }
    }

    static func worker(_ pool: PGPool, lease: Duration, stall: Stall? = nil) -> PushWorker {
        PushWorker(
            store: PushStore(pool: pool),
            pushers: DataModules.pushers(pool: pool, client: TestApp.peerClient),
            configuration: .init(lease: lease, renewEvery: lease / 3, maxBackoff: .seconds(1), beforeSending: stall?.hook),
            logger: TestDatabase.logger)
    }

    @Test func theDefaultLeaseIsShortAndRenewedOftenEnoughForAResumeWithinTwentySeconds() {
        let configuration = PushWorker.Configuration()
        #expect(configuration.lease == .seconds(15))
        #expect(configuration.renewEvery == .seconds(5))
    }

    @Test func aWorkerStalledPastItsLeaseSendsNothingAndEachChangeArrivesOnceInOrder() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "SITE", PushFixture.location("SITE", name: "First"))
            let stall = Stall()
            let stalled = Self.worker(pool, lease: .seconds(1), stall: stall)
            let stalledPass = Task { await stalled.deliverPending() }
            await stall.waitUntilReached()  // it holds a batch with the PUT of "First"
            try await Task.sleep(for: .milliseconds(1200))  // past its lease

            let healthy = Self.worker(pool, lease: .seconds(1))
            await healthy.deliverPending()
            try await fixture.patch(client, "SITE", #"{"name": "Second"}"#)
            await healthy.deliverPending()

            stall.release.continuation.yield()
            await stalledPass.value
            let pushes = fixture.pushes
            #expect(pushes.map { "\($0.method) \($0.path)" } == ["PUT \(fixture.path("SITE"))", "PATCH \(fixture.path("SITE"))"])
            #expect(try PushFixture.json(pushes.last?.body ?? "{}")["name"]?.string == "Second", "nothing older lands after it")
            let settled = try await pool.query(
                "SELECT count(*) FILTER (WHERE state = 'delivered'), count(*) FROM push_deliveries WHERE peer_id = \(fixture.peer)").first!
            #expect(try settled.decode(0, as: Int.self) == 2)
            #expect(try settled.decode(1, as: Int.self) == 2)
        }
    }

    @Test func aWorkerThatStopsRenewingHasItsPeerResumedWithinALease() async throws {
        try await TestApp.run { client, pool in
            let fixture = try await PushFixture.make(pool)
            defer { Task { await fixture.emsp.stop() } }
            try await fixture.put(client, "SITE", PushFixture.location("SITE"))
            let stall = Stall()
            let lease = Duration.seconds(2)
            let crashed = Task { await Self.worker(pool, lease: lease, stall: stall).deliverPending() }
            await stall.waitUntilReached()  // it holds the lease and will never renew it
            let started = ContinuousClock.now
            let successor = Self.worker(pool, lease: lease)
            let service = Task { try await successor.run() }
            while fixture.pushes.isEmpty, ContinuousClock.now - started < lease * 10 {
                try await Task.sleep(for: .milliseconds(50))
            }
            let resumedAfter = ContinuousClock.now - started
            service.cancel()
            crashed.cancel()
            stall.release.continuation.yield()
            _ = await crashed.value
            _ = try? await service.value
            #expect(fixture.pushes.map(\.path) == [fixture.path("SITE")])
            // Within the lease plus the time to notice it expired (the worker sleeps until the earliest lease ends);
            // loose, for a loaded machine.
            #expect(resumedAfter < lease * 4, "resumed after \(resumedAfter)")
        }
    }
}
}
