import Testing

@testable import OCPIPeers

/// A handshake that fails on the network is retried after 1 s, 2 s, 4 s … at most 5 minutes, with up to 25% jitter.
@Suite struct BackoffTests {
    @Test(arguments: [(0, 1.0), (1, 2.0), (3, 8.0), (8, 256.0), (9, 300.0), (40, 300.0)])
    func handshakeRetriesDoubleUpToFiveMinutes(attempt: Int, base: Double) {
        for _ in 0..<20 {
            let delay = PeerConnector.backoff(attempt: attempt)
            #expect(delay >= .milliseconds(Int64(base * 1000)))
            #expect(delay <= .milliseconds(Int64(base * 1250)))
        }
    }
}
