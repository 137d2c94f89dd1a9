import Testing

@testable import OCPIPeers

/// Retries wait exponentially longer, up to a cap, with up to 25% jitter: a handshake from 1 s to 5 minutes, a push
/// from 0.5 s to the configured maximum.
@Suite struct BackoffTests {
    @Test(arguments: [(0, 1.0), (1, 2.0), (3, 8.0), (8, 256.0), (9, 300.0), (40, 300.0)])
    func handshakeRetriesDoubleUpToFiveMinutes(attempt: Int, base: Double) {
        for _ in 0..<20 {
            let delay = PeerConnector.backoff(attempt: attempt)
            #expect(delay >= .milliseconds(Int64(base * 1000)))
            #expect(delay <= .milliseconds(Int64(base * 1250)))
        }
    }

    @Test(arguments: [(1, 0.5), (2, 1.0), (5, 8.0), (8, 60.0), (100, 60.0)])
    func pushRetriesStartAtHalfASecond(failures: Int, base: Double) {
        for _ in 0..<20 {
            let delay = Backoff.delay(step: failures - 1, first: .milliseconds(500), cap: .seconds(60))
            #expect(delay >= .milliseconds(Int64(base * 1000)))
            #expect(delay <= .milliseconds(Int64(base * 1250)))
        }
    }
}
