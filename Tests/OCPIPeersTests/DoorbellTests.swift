import OCPIPeers
import Testing

/// A worker's doorbell: a ring wakes the waiter at once, a ring with nobody waiting is kept for the next wait (once),
/// and a wait without a ring ends at its timeout.
@Suite(.timeLimit(.minutes(1)))
struct DoorbellTests {
    @Test func aRingWakesTheWaiterBeforeItsTimeout() async {
        let bell = Doorbell()
        let started = ContinuousClock.now
        async let waited: Void = bell.wait(upTo: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        bell.ring()
        await waited
        #expect(ContinuousClock.now - started < .seconds(20), "woken by the ring, not by the 30 s timeout")
    }

    @Test func aRingWithNobodyWaitingIsKeptOnce() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        let started = ContinuousClock.now
        await bell.wait(upTo: .seconds(30))
        #expect(ContinuousClock.now - started < .seconds(20), "the earlier ring was remembered")
        let second = ContinuousClock.now
        await bell.wait(upTo: .milliseconds(200))
        #expect(ContinuousClock.now - second >= .milliseconds(200), "two rings before a wait count as one")
    }
}
