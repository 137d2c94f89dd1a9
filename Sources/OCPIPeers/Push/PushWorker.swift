import Logging
import Metrics
import OCPIModel
import OCPIStorage
import ServiceLifecycle
import Synchronization

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Delivers the outbox to peers, as a service inside every instance.
///
/// It leases peers (one worker per peer across all instances) and drains each one's deliveries oldest first, many
/// peers at once (a slow or dead peer holds up nobody else), and several locations per peer at once (one
/// location's changes never overtake each other). A peer that cannot be reached is backed off
/// exponentially with jitter; past `resyncAfterFailures` consecutive failures it is marked for resync (its pending
/// changes fold into one full PUT per location). A refusal (the peer answered, but no) is recorded on the delivery
/// and the queue moves on.
public final class PushWorker: Service, Sendable {
    public struct Configuration: Sendable {
        /// Peers drained at once by this instance.
        public var maxConcurrentPeers: Int
        /// How long a peer's lease lasts without renewal. Short, so that another instance resumes a crashed one's
        /// peers soon; the holder renews it every `renewEvery`, before a batch and while one is in flight.
        public var lease: Duration
        /// How often a holder renews its lease.
        public var renewEvery: Duration
        /// Consecutive failures after which a peer is marked for resync.
        public var resyncAfterFailures: Int
        /// How long a peer may keep failing before it is suspended (no calls, no queued rows) until an operator
        /// resumes it.
        public var suspendAfter: Duration
        /// The longest back-off between attempts at an unreachable peer.
        public var maxBackoff: Duration
        /// Deliveries to one peer at once, each for a different location.
        public var inFlightPerPeer: Int
        /// Fault injection for tests: awaited after a batch is chosen and before its lease is checked and it is sent.
        public var beforeSending: (@Sendable (PeerID) async -> Void)?

        public init(
            maxConcurrentPeers: Int = 32, lease: Duration = .seconds(15), renewEvery: Duration = .seconds(5),
            resyncAfterFailures: Int = 8, suspendAfter: Duration = .seconds(72 * 3600), maxBackoff: Duration = .seconds(300),
            inFlightPerPeer: Int = 8, beforeSending: (@Sendable (PeerID) async -> Void)? = nil
        ) {
            self.maxConcurrentPeers = maxConcurrentPeers
            self.inFlightPerPeer = inFlightPerPeer
            self.lease = lease
            self.renewEvery = renewEvery
            self.resyncAfterFailures = resyncAfterFailures
            self.suspendAfter = suspendAfter
            self.maxBackoff = maxBackoff
            self.beforeSending = beforeSending
        }
    }

    let store: PushStore
    let pushers: [ModuleID: any ObjectPusher]
    let configuration: Configuration
    let logger: Logger
    /// This instance's name on leases.
    let owner = "worker-\(MessageID.random().prefix(8))"
    private let doorbell = Doorbell()
    private let active = Mutex<Set<PeerID>>([])
    /// Peers whose backlog gauges were last set above zero, so that an emptied backlog reads zero, not its last value.
    private let gaugedPeers = Mutex<Set<PeerID>>([])
    private let housekeepingClock = Mutex((gauges: ContinuousClock.now - .seconds(3600), prune: ContinuousClock.now))

    public init(store: PushStore, pushers: [any ObjectPusher], configuration: Configuration = Configuration(), logger: Logger) {
        self.store = store
        self.pushers = Dictionary(uniqueKeysWithValues: pushers.map { ($0.module, $0) })
        self.configuration = configuration
        self.logger = logger
    }

    /// Something was queued (a notification arrived): look now.
    public func wake() {
        doorbell.ring()
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            // Discarding: a finished drain leaves nothing behind, however long the service runs.
            await withDiscardingTaskGroup { group in
                while !Task.isCancelled {
                    for peer in await self.claim() {
                        group.addTask {
                            await self.drainAndRelease(peer)
                            self.doorbell.ring()
                        }
                    }
                    await self.housekeeping()
                    await self.doorbell.wait(until: try? await self.store.nextDueDate(), shortest: .milliseconds(10), longest: .seconds(5))
                }
                group.cancelAll()
            }
        }
    }

    /// One pass (for tests and tools): claims every peer with deliveries due now, once each, settles them, and
    /// returns. A peer that fails is backed off as usual and left for a later pass.
    public func deliverPending() async {
        var visited: [PeerID] = []
        while true {
            let peers = await claim(excluding: visited)
            if peers.isEmpty { return }
            visited += peers
            await withDiscardingTaskGroup { group in
                for peer in peers {
                    group.addTask { await self.drainAndRelease(peer) }
                }
            }
        }
    }

    /// Delivers a claimed peer's due changes, then lets it be claimed again.
    private func drainAndRelease(_ peer: PeerID) async {
        await drain(peer)
        active.withLock { _ = $0.remove(peer) }
    }

    private func claim(excluding done: [PeerID] = []) async -> [PeerID] {
        let (busy, free) = active.withLock { (Array($0) + done, configuration.maxConcurrentPeers - $0.count) }
        guard free > 0 else { return [] }
        do {
            let peers = try await store.claimPeers(owner: owner, lease: configuration.lease, limit: free, excluding: busy)
            active.withLock { $0.formUnion(peers) }
            return peers
        } catch {
            logger.warning("could not claim peers to push to", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// Settles one peer's deliveries, then gives the peer's lease back (with a back-off after a failure).
    func drain(_ peer: PeerID) async {
        let retryAfter = await settle(peer)
        do {
            try await store.releasePeer(peer, owner: owner, retryAfter: retryAfter)
        } catch {
            logger.warning("could not release a peer's lease; it expires by itself", metadata: ["peer.id": "\(peer)", "error": "\(error)"])
        }
    }

    /// Delivers oldest first until none is left, the peer fails, or the lease is lost; returns the back-off to
    /// apply, if any. Up to `inFlightPerPeer` locations go out at once; one location's changes stay in order.
    ///
    /// The lease is checked (renewed) before every batch once `renewEvery` has passed, and renewed while a batch is in
    /// flight; every settlement is fenced on it. A worker that stalled past its lease therefore sends nothing more
    /// and settles nothing: the peer's new holder delivers in its place, in order.
    private func settle(_ peer: PeerID) async -> Duration? {
        do {
            let lease = LeaseKeeper(store: store, peer: peer, owner: owner, configuration: configuration)
            while !Task.isCancelled {
                // Read again for every batch: a credentials PUT may change the peer's version, token or URLs while a
                // long backlog drains.
                guard let target = try await store.target(peer) else {
                    try await store.dropPending(for: peer, reason: "the peer is no longer connected")
                    return nil
                }
                let batch = try await store.nextDeliveries(for: peer, limit: configuration.inFlightPerPeer)
                if batch.isEmpty { return nil }
                await configuration.beforeSending?(peer)
                guard try await lease.renewIfDue() else { return nil }
                let outcomes = await lease.holding {
                    await withTaskGroup(of: Outcome.self) { group in
                        for delivery in batch {
                            group.addTask { await self.attempt(delivery, to: target) }
                        }
                        return await group.reduce(into: [Outcome]()) { $0.append($1) }
                    }
                }
                // Lost mid-batch: the calls were cancelled, and the new holder delivers everything again.
                if lease.isLost { return nil }
                guard try await record(outcomes, peer: peer) else { return nil }
                let unreachable = outcomes.compactMap { outcome -> PeerCallError? in
                    if case .unreachable(_, let error) = outcome { return error }
                    return nil
                }
                if let error = unreachable.first {
                    // Calls cut short by a shutdown say nothing about the peer: no failure, no back-off.
                    if Task.isCancelled { return nil }
                    Counter(label: "ocpi_push_peer_failures_total", dimensions: [("peer", peer.description)]).increment()
                    guard
                        let failure = try await store.recordPeerFailure(
                            peer, owner: owner, error: error.description, cause: error.refusesOurToken ? .tokenRefused : .unreachable,
                            resyncAfter: configuration.resyncAfterFailures, suspendAfter: configuration.suspendAfter)
                    else { return nil }
                    if failure.suspended {
                        logger.error(
                            "peer suspended: failing for too long; resume it with resume_peer.sql",
                            metadata: ["peer.id": "\(peer)", "failures": "\(failure.failures)", "error": "\(error)"])
                        return nil
                    }
                    logger.warning(
                        "peer unreachable; backing off",
                        metadata: [
                            "peer.id": "\(peer)", "failures": "\(failure.failures)", "resync": "\(failure.resyncMarked)", "error": "\(error)",
                        ])
                    return backoff(failures: failure.failures)
                }
            }
            return nil
        } catch {
            logger.error("push to peer stopped", metadata: ["peer.id": "\(peer)", "error": "\(error)"])
            return .seconds(1)
        }
    }

    /// How one delivery went.
    enum Outcome: Sendable {
        case delivered(PushDelivery)
        /// The peer answered, and said no: recorded, not retried.
        case refused(PushDelivery, PeerCallError)
        /// The peer could not be reached, refused our token (401 or 403), or its URL is refused by the URL policy:
        /// retried later, with the peer backed off.
        case unreachable(PushDelivery, PeerCallError)
        /// The peer has no Receiver for the module (or we cannot push it): settled without sending.
        case noReceiver(PushDelivery)
    }

    private func attempt(_ delivery: PushDelivery, to target: PushTarget) async -> Outcome {
        guard let pusher = pushers[delivery.module], let url = target.receivers[delivery.module] else { return .noReceiver(delivery) }
        do {
            if delivery.appends && !delivery.retried { try await store.markSending(delivery.ids) }
            try await pusher.deliver(delivery, to: target, receiverURL: url)
            return .delivered(delivery)
        } catch let error as PeerCallError where !error.failsThePeer {
            return .refused(delivery, error)
        } catch let error as PeerCallError {
            return .unreachable(delivery, error)
        } catch {
            return .unreachable(delivery, PeerCallError(.invalidResponse, message: "\(error)", url: target.receivers[delivery.module] ?? ""))
        }
    }

    /// Settles a batch's outcomes in the database and the metrics; false when the lease was lost meanwhile (nothing
    /// more is settled: the new holder sends these again).
    private func record(_ outcomes: [Outcome], peer: PeerID) async throws -> Bool {
        let dimensions = [("peer", peer.description)]
        let delivered = outcomes.flatMap { outcome -> [Int64] in
            if case .delivered(let delivery) = outcome { return delivery.ids }
            return []
        }
        if !delivered.isEmpty {
            guard try await store.markDelivered(delivered, peer: peer, owner: owner) else { return false }
            Counter(label: "ocpi_push_delivered_total", dimensions: dimensions).increment(by: delivered.count)
        }
        var modulesWithoutReceiver: Set<ModuleID> = []
        for outcome in outcomes {
            switch outcome {
            case .delivered(let delivery):
                Timer(label: "ocpi_push_delay", dimensions: dimensions)
                    .recordMilliseconds(max(0, DateTime.now().millisecondsSinceEpoch - delivery.committedAt.millisecondsSinceEpoch))
            case .refused(let delivery, let error):
                Counter(label: "ocpi_push_refused_total", dimensions: dimensions).increment()
                logger.warning(
                    "peer refused a push", metadata: ["peer.id": "\(peer)", "object": "\(delivery.tenant)/\(delivery.objectID)", "error": "\(error)"])
                guard try await store.markFailed(delivery.ids, peer: peer, owner: owner, error: error.description) else { return false }
            case .noReceiver(let delivery):
                modulesWithoutReceiver.insert(delivery.module)
            case .unreachable(let delivery, let error):
                // Still pending; counted, so that a retry knows the peer may have applied it (`PushDelivery.retried`).
                try await store.markAttempted(delivery.ids, error: error.description)
            }
        }
        for module in modulesWithoutReceiver.sorted(by: { $0.rawValue < $1.rawValue }) {
            try await store.dropPending(for: peer, module: module, reason: "the peer has no \(module) Receiver endpoint")
        }
        return true
    }

    /// Every minute: backlog gauges per peer (pending deliveries, age of the oldest). Every hour: prune settled
    /// deliveries and events older than a week.
    private func housekeeping() async {
        let now = ContinuousClock.now
        let (gauges, prune) = housekeepingClock.withLock { clock -> (Bool, Bool) in
            let gauges = now - clock.gauges >= .seconds(60)
            let prune = now - clock.prune >= .seconds(3600)
            if gauges { clock.gauges = now }
            if prune { clock.prune = now }
            return (gauges, prune)
        }
        do {
            if gauges {
                let backlog = try await store.backlog()
                let current = Set(backlog.map(\.peer))
                let emptied = gaugedPeers.withLock { previous in
                    defer { previous = current }
                    return previous.subtracting(current)
                }
                for (peer, pending, oldest) in backlog {
                    Gauge(label: "ocpi_push_pending", dimensions: [("peer", peer.description)]).record(pending)
                    Gauge(label: "ocpi_push_oldest_pending_seconds", dimensions: [("peer", peer.description)]).record(oldest)
                }
                for peer in emptied {
                    Gauge(label: "ocpi_push_pending", dimensions: [("peer", peer.description)]).record(0)
                    Gauge(label: "ocpi_push_oldest_pending_seconds", dimensions: [("peer", peer.description)]).record(0)
                }
            }
            if prune { try await store.prune(olderThan: .seconds(7 * 24 * 3600)) }
        } catch {
            logger.debug("push housekeeping failed", metadata: ["error": "\(error)"])
        }
    }

    /// Exponential: 0.5 s, 1 s, 2 s … up to `maxBackoff`, plus up to 25% jitter.
    func backoff(failures: Int) -> Duration {
        Backoff.delay(step: failures - 1, first: .milliseconds(500), cap: configuration.maxBackoff)
    }
}
