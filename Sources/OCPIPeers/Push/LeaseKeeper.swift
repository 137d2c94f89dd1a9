import OCPIStorage
import Synchronization

/// Keeps one worker's lease on one peer alive: renewed before a batch once `renewEvery` has passed, and every
/// `renewEvery` while a batch is in flight. Once the lease is lost (a renewal finds another owner, or renewals keep
/// failing until the lease has run out) it is lost for good: the batch in flight is cancelled, and the holder sends
/// and settles nothing more, since another worker may already be delivering to the peer.
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

    var isLost: Bool { state.withLock { $0.lost } }

    /// Renews when `renewEvery` has passed since the last renewal; false once the lease is lost.
    func renewIfDue() async throws -> Bool {
        let (due, lost) = state.withLock { (ContinuousClock.now - $0.renewed >= configuration.renewEvery, $0.lost) }
        if lost { return false }
        if !due { return true }
        return try await renew()
    }

    /// Runs `work` (a batch's calls) while renewing the lease every `renewEvery`; if the lease is lost meanwhile,
    /// `work` is cancelled (its calls end at once) and its result is returned as it stands.
    func holding<T: Sendable>(_ work: @escaping @Sendable () async -> T) async -> T {
        await withTaskGroup(of: T?.self) { group in
            group.addTask { await work() }
            group.addTask {
                await self.keepRenewing()
                return nil
            }
            var outcome: T?
            while let next = await group.next() {
                if let next {
                    outcome = next
                }
                // Either the work is done (stop renewing) or the lease is lost (stop the work).
                group.cancelAll()
            }
            return outcome!
        }
    }

    /// Renews every `renewEvery` until cancelled or the lease is lost. A renewal that fails (the database is
    /// unreachable) is retried soon, until the lease would have run out: then it counts as lost.
    private func keepRenewing() async {
        var wait = configuration.renewEvery
        while !Task.isCancelled {
            try? await Task.sleep(for: wait)
            if Task.isCancelled { return }
            do {
                if try await renew() == false { return }
                wait = configuration.renewEvery
            } catch {
                let expired = state.withLock { state -> Bool in
                    guard ContinuousClock.now - state.renewed >= configuration.lease else { return false }
                    state.lost = true
                    return true
                }
                if expired { return }
                wait = min(configuration.renewEvery, .seconds(1))
            }
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
