import OCPIStorage
import Synchronization

/// Keeps one worker's lease on one peer alive: renewed before a batch once `renewEvery` has passed, and every
/// `renewEvery` while a batch is in flight. Once a renewal fails the lease is lost for good: the holder must send and
/// settle nothing more, since another worker may already be delivering to the peer.
final class LeaseKeeper: Sendable {
    let store: PushStore
    let peer: PeerID
    let owner: String
    let configuration: PushWorker.Configuration
    private let state: Mutex<(renewed: ContinuousClock.Instant, lost: Bool)>

    init(store: PushStore, peer: PeerID, owner: String, configuration: PushWorker.Configuration) {
        self.store = store
        self.peer = peer
        self.owner = owner
        self.configuration = configuration
        // The claim itself just set the lease.
        self.state = Mutex((renewed: .now, lost: false))
    }

    /// Renews when `renewEvery` has passed since the last renewal; false once the lease is lost.
    func renewIfDue() async throws -> Bool {
        let (due, lost) = state.withLock { (ContinuousClock.now - $0.renewed >= configuration.renewEvery, $0.lost) }
        if lost { return false }
        if !due { return true }
        return try await renew()
    }

    /// Runs `work` (a batch's calls) while renewing the lease every `renewEvery`.
    func holding<T: Sendable>(_ work: @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T?.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: self.configuration.renewEvery)
                    if Task.isCancelled { break }
                    if (try? await self.renew()) != true { break }
                }
                return nil
            }
            let result = await work()
            group.cancelAll()
            return result
        }
    }

    private func renew() async throws -> Bool {
        let held = try await store.renewLease(peer, owner: owner, lease: configuration.lease)
        state.withLock {
            if held { $0.renewed = .now } else { $0.lost = true }
        }
        return held
    }
}
